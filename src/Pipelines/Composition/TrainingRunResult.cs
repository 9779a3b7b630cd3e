using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.Training;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>What one training run produced and measured.</summary>
public sealed record TrainingRunResult
{
    /// <summary>The trainer or preset name.</summary>
    public required string Trainer { get; init; }

    /// <summary>The fitted pipeline.</summary>
    public required ITransformer Model { get; init; }

    /// <summary>The schema the pipeline was fitted on (needed to save it).</summary>
    public required DataViewSchema InputSchema { get; init; }

    /// <summary>The card to save with the model.</summary>
    public required ModelCard Card { get; init; }

    /// <summary>Wall-clock time of <c>Fit</c>, plus the training seconds its checkpoint had done when the run resumed.</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>Peak resident memory during Fit, in bytes.</summary>
    public required long PeakMemoryBytes { get; init; }

    /// <summary>Training windows.</summary>
    public required long TrainingRows { get; init; }

    /// <summary>Metrics per split name ("train", "validation", "test").</summary>
    public required IReadOnlyDictionary<string, LanguageModelMetrics> Metrics { get; init; }

    /// <summary>Learnable parameters, when the trainer knows them.</summary>
    public long? Parameters { get; init; }

    /// <summary>The epochs of a neural trainer.</summary>
    public TrainingHistory? History { get; init; }

    /// <summary>Training samples processed per second (windows x epochs / time), when meaningful.</summary>
    public double? SamplesPerSecond { get; init; }
}
