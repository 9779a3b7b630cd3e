using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// Knobs shared by every trainer the registry can build; null means "the trainer's or preset's default".
/// LightGBM reads the boosting settings, the neural trainers the epoch/batch/optimiser settings.
/// </summary>
public sealed record TrainerSettings
{
    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; }

    /// <summary>CPU threads; null means one per core.</summary>
    public int? Threads { get; init; }

    /// <summary>Boosting rounds (LightGBM).</summary>
    public int? Iterations { get; init; }

    /// <summary>Leaves per tree (LightGBM).</summary>
    public int? Leaves { get; init; }

    /// <summary>One-hot categorical context (LightGBM).</summary>
    public bool Categorical { get; init; }

    /// <summary>Training epochs (neural trainers).</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>Mini-batch size (neural trainers).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Initial learning rate (neural trainers, LightGBM shrinkage).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Wall-clock limit on training (neural trainers).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>"cpu" or "cuda" (neural trainers).</summary>
    public string? Device { get; init; }

    /// <summary>Where to write a checkpoint after every epoch (neural trainers).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>A checkpoint to resume from (neural trainers).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>A trained network to continue from (neural trainers; see <c>NetworkTrainerOptions.InitialNetwork</c>).</summary>
    public LanguageNetwork? InitialNetwork { get; init; }

    /// <summary>Validation rows for early stopping and plateau schedules (neural trainers).</summary>
    public IDataView? Validation { get; init; }

    /// <summary>Receives a report after every epoch (neural trainers).</summary>
    public IProgress<EpochReport>? Progress { get; init; }

    /// <summary>Receives progress lines of trainers that report as text (LightGBM's boosting rounds).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Stops training cleanly (a checkpoint is written first).</summary>
    public CancellationToken Cancellation { get; init; }
}
