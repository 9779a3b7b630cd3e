using System.CommandLine;
using LanguageInterpolation.Pipelines.Search;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>The options of <c>li search</c>; each maps to one <see cref="SearchOptions"/> property.</summary>
public sealed class SearchCommandOptions
{
    /// <summary>Default output folder.</summary>
    public const string DefaultOutputDirectory = "search";

    /// <summary>The search space file.</summary>
    public Option<string> Space { get; } = new("--space", "-s")
    {
        Description = "Search space (JSON): a base preset and a distribution per preset field, e.g. {\"base\": \"small\", \"parameters\": {\"training.optimizer.learning_rate\": {\"distribution\": \"log_uniform\", \"min\": 1e-4, \"max\": 1e-2}}}.",
        Required = true,
    };

    /// <summary>The base preset.</summary>
    public Option<string?> Trainer { get; } = new("--trainer", "-t")
    {
        Description = "Base preset name or preset file (.json); default: the space's \"base\".",
    };

    /// <summary>Trials.</summary>
    public Option<int> Trials { get; } = new("--trials") { Description = "Trials (configurations) to start at most.", DefaultValueFactory = _ => SearchDefaults.Trials };

    /// <summary>Whole-search time budget in seconds.</summary>
    public Option<double?> TimeBudget { get; } = new("--time-budget") { Description = "Wall-clock seconds for the whole search: no job starts after it, running jobs are cut (and rerun on --resume)." };

    /// <summary>What rungs count.</summary>
    public Option<RungUnit> RungUnit { get; } = new("--rung-unit")
    {
        Description = "What successive-halving rungs count: epochs (reproducible) or seconds (equal training time per trial).",
        DefaultValueFactory = _ => Pipelines.Search.RungUnit.Epochs,
    };

    /// <summary>First rung.</summary>
    public Option<double> MinResource { get; } = new("--min-resource") { Description = "The first rung's epochs or seconds.", DefaultValueFactory = _ => SearchDefaults.MinResource };

    /// <summary>Last rung.</summary>
    public Option<double?> MaxResource { get; } = new("--max-resource") { Description = "The last rung's epochs or seconds (default for epochs: the base preset's max_epochs; required for seconds)." };

    /// <summary>η.</summary>
    public Option<int> ReductionFactor { get; } = new("--reduction-factor") { Description = "η: each rung promotes its best 1/η.", DefaultValueFactory = _ => SearchDefaults.ReductionFactor };

    /// <summary>Parallel trials.</summary>
    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "Trials trained at once (each gets cores / parallel threads unless --threads). 1 keeps the search reproducible.",
        DefaultValueFactory = _ => SearchDefaults.Parallelism,
    };

    /// <summary>The trial log.</summary>
    public Option<string> Log { get; } = new("--log") { Description = "Trial log (JSON lines), appended after every job.", DefaultValueFactory = _ => SearchDefaults.LogFile };

    /// <summary>Continue the search in the log.</summary>
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the search recorded in --log: finished jobs are read back, not run again." };

    /// <summary>Where the report goes.</summary>
    public Option<string> OutputDirectory { get; } = new("--output-dir", "-o")
    {
        Description = "Folder for best-preset.json, search.md and search.png.",
        DefaultValueFactory = _ => DefaultOutputDirectory,
    };

    /// <summary>The field on the chart's x axis.</summary>
    public Option<string?> PlotParameter { get; } = new("--plot-parameter") { Description = "Searched field on the chart's x axis (default: the first)." };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Space, Trainer, Trials, TimeBudget, RungUnit, MinResource, MaxResource, ReductionFactor, Parallel, Log, Resume, OutputDirectory, PlotParameter })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The search options the parsed command line gives (without callbacks).</summary>
    public SearchOptions Read(ParseResult parse, int seed, int? threads, string? device) => new()
    {
        LogPath = parse.GetValue(Log)!,
        Resume = parse.GetValue(Resume),
        Trials = parse.GetValue(Trials),
        TimeBudget = parse.GetValue(TimeBudget) is double seconds ? TimeSpan.FromSeconds(seconds) : null,
        RungUnit = parse.GetValue(RungUnit),
        MinResource = parse.GetValue(MinResource),
        MaxResource = parse.GetValue(MaxResource),
        ReductionFactor = parse.GetValue(ReductionFactor),
        Parallelism = parse.GetValue(Parallel),
        Threads = threads,
        Seed = seed,
        Device = device,
        OutputDirectory = parse.GetValue(OutputDirectory),
        PlotParameter = parse.GetValue(PlotParameter),
    };
}
