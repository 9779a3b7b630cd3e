using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Optimizers;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>Trainer knobs on the command line; each maps to one <see cref="TrainerSettings"/> property.</summary>
public sealed class TrainerSettingsOptions
{
    /// <summary>Seed.</summary>
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };

    /// <summary>Threads.</summary>
    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads (default: one per core)." };

    /// <summary>Boosting rounds.</summary>
    public Option<int?> Iterations { get; } = new("--iterations") { Description = $"LightGBM boosting rounds (default {LightGbmDefaults.NumberOfIterations})." };

    /// <summary>Leaves.</summary>
    public Option<int?> Leaves { get; } = new("--leaves") { Description = $"LightGBM leaves per tree (default {LightGbmDefaults.NumberOfLeaves})." };

    /// <summary>Categorical context.</summary>
    public Option<bool> Categorical { get; } = new("--categorical") { Description = "LightGBM: treat every context position as categorical (one-hot)." };

    /// <summary>Epochs.</summary>
    public Option<int?> MaxEpochs { get; } = new("--epochs") { Description = "Neural trainers: maximum epochs (default: the preset's max_epochs)." };

    /// <summary>Batch size.</summary>
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Neural trainers: mini-batch size (default: the preset's batch_size)." };

    /// <summary>Learning rate.</summary>
    public Option<double?> LearningRate { get; } = new("--learning-rate") { Description = string.Create(CultureInfo.InvariantCulture,
            $"Initial learning rate (default: the preset's; LightGBM's shrinkage {LightGbmDefaults.LearningRate}; Lion {OptimizerDefaults.LionLearningRate}, Adam {OptimizerDefaults.AdamLearningRate} where a preset names only the optimiser).") };

    /// <summary>Time budget in seconds.</summary>
    public Option<double?> TimeBudget { get; } = new("--time-budget") { Description = "Neural trainers: stop after this many seconds of training." };

    /// <summary>Device.</summary>
    public Option<string?> Device { get; } = new("--device") { Description = "Neural trainers: cpu or cuda." };

    /// <summary>Checkpoint path.</summary>
    public Option<string?> Checkpoint { get; } = new("--checkpoint") { Description = "Neural trainers: write a checkpoint here after every epoch." };

    /// <summary>Resume path.</summary>
    public Option<string?> Resume { get; } = new("--resume") { Description = "Neural trainers: resume from this checkpoint." };

    // The baseline's defaults, read from its options record so that the help text cannot drift from the code.
    private static LightGbmBaselineOptions LightGbmDefaults { get; } = new();

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Seed, Threads, Iterations, Leaves, Categorical, MaxEpochs, BatchSize, LearningRate, TimeBudget, Device, Checkpoint, Resume })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings the parsed command line gives.</summary>
    /// <exception cref="ArgumentException">A time budget that is not a positive number of seconds.</exception>
    public TrainerSettings Read(ParseResult parse, CancellationToken cancellation)
    {
        if (parse.GetValue(TimeBudget) is double budget && !(budget > 0 && double.IsFinite(budget)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--time-budget must be a positive number of seconds (got {budget})."));
        }
        return ReadValidated(parse, cancellation);
    }

    private TrainerSettings ReadValidated(ParseResult parse, CancellationToken cancellation) => new()
    {
        Seed = parse.GetValue(Seed),
        Threads = parse.GetValue(Threads),
        Iterations = parse.GetValue(Iterations),
        Leaves = parse.GetValue(Leaves),
        Categorical = parse.GetValue(Categorical),
        MaxEpochs = parse.GetValue(MaxEpochs),
        BatchSize = parse.GetValue(BatchSize),
        LearningRate = parse.GetValue(LearningRate),
        TimeBudget = ReadTimeBudget(parse),
        Device = parse.GetValue(Device),
        CheckpointPath = parse.GetValue(Checkpoint),
        ResumeFrom = parse.GetValue(Resume),
        Cancellation = cancellation,
    };

    /// <summary>The <c>--time-budget</c> the parsed command line gives, checked for every trainer alike.</summary>
    /// <exception cref="ArgumentException">Zero, negative, or not a finite number.</exception>
    public TimeSpan? ReadTimeBudget(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        double? seconds = parse.GetValue(TimeBudget);
        if (seconds is double value && !(value > 0 && value <= TimeSpan.MaxValue.TotalSeconds))
        {
            throw new ArgumentException($"--time-budget must be a positive number of seconds (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
        return seconds is double valid ? TimeSpan.FromSeconds(valid) : null;
    }
}
