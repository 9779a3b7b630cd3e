namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>The single source of the comparison's defaults (options, CLI and docs read these).</summary>
public static class ComparisonDefaults
{
    /// <summary>The trainers of the standard comparison: the LightGBM baseline, the high-order presets and the
    /// two low-order baselines.</summary>
    public static IReadOnlyList<string> Trainers { get; } = ["lightgbm", "small", "large_standard", "large_single_layer", "relu_mlp", "embedding_bag_mlp"];

    /// <summary>Held-out rows scored to measure inference throughput.</summary>
    public const int InferenceRows = 20_000;

    /// <summary>Training windows evaluated for the train figures.</summary>
    public const long TrainEvaluationRows = 100_000;

    /// <summary>Rows scored before the timed pass (sessions, caches).</summary>
    public const int InferenceWarmupRows = 256;

    /// <summary>Name of the markdown table.</summary>
    public const string MarkdownFile = "comparison.md";

    /// <summary>Name of the CSV table.</summary>
    public const string CsvFile = "comparison.csv";

    /// <summary>Name of the learning-curve chart.</summary>
    public const string LearningCurvesFile = "learning-curves.png";

    /// <summary>Name of the bar charts of the final figures.</summary>
    public const string FinalFiguresFile = "final-figures.png";

    /// <summary>Chart width in pixels.</summary>
    public const int ChartWidth = 1000;

    /// <summary>Chart height in pixels.</summary>
    public const int ChartHeight = 600;
}
