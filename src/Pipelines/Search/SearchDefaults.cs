namespace LanguageInterpolation.Pipelines.Search;

/// <summary>The single source of the search's defaults (options, CLI and docs read these).</summary>
public static class SearchDefaults
{
    /// <summary>Trials (configurations) to start.</summary>
    public const int Trials = 20;

    /// <summary>η: each rung promotes its best third.</summary>
    public const int ReductionFactor = 3;

    /// <summary>The first rung's resource (1 epoch).</summary>
    public const double MinResource = 1;

    /// <summary>Trials trained at the same time. One: on 2 cores a trial with 2 threads is deterministic and
    /// the search's decisions are reproducible; see <see cref="SearchOptions.Parallelism"/>.</summary>
    public const int Parallelism = 1;

    /// <summary>Default trial log.</summary>
    public const string LogFile = "trials.jsonl";

    /// <summary>Name of the best preset file.</summary>
    public const string BestPresetFile = "best-preset.json";

    /// <summary>Name of the markdown table of trials.</summary>
    public const string MarkdownFile = "search.md";

    /// <summary>Name of the trials chart.</summary>
    public const string ChartFile = "search.png";
}
