using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Evaluation;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>What one entry of a comparison measured.</summary>
public sealed record ComparisonRow
{
    /// <summary>The entry's name.</summary>
    public required string Name { get; init; }

    /// <summary>The training run: the fitted pipeline, its card and every split's metrics.</summary>
    public required TrainingRunResult Run { get; init; }

    /// <summary>Learnable parameters, when the trainer knows them (the networks do, LightGBM does not).</summary>
    public long? Parameters => Run.Parameters;

    /// <summary>Wall time of the fit (data reading, validation passes and model building included).</summary>
    public TimeSpan TrainingTime => Run.TrainingTime;

    /// <summary>Training samples per second of the training loop (networks only).</summary>
    public double? SamplesPerSecond => Run.SamplesPerSecond;

    /// <summary>Peak resident memory of the process during the fit, in bytes: it includes the data and what the
    /// earlier entries still hold (their fitted models), so it is an upper bound; train a model alone for its own figure.</summary>
    public long PeakMemoryBytes => Run.PeakMemoryBytes;

    /// <summary>Epochs run (networks only).</summary>
    public int? Epochs => Run.History?.Epochs.Count;

    /// <summary>Why training stopped (networks only): MaxEpochs, TimeBudget, EarlyStopping.</summary>
    public string? StopReason => Run.History?.StopReason.ToString();

    /// <summary>Metrics on the training windows (the first <see cref="ComparisonOptions.TrainEvaluationRows"/>).</summary>
    public LanguageModelMetrics Train => Run.Metrics["train"];

    /// <summary>The split reported as held out: "test" when there are test rows, else "validation", else
    /// "train" (memorize split).</summary>
    public required string HeldOutSplit { get; init; }

    /// <summary>Metrics on <see cref="HeldOutSplit"/>.</summary>
    public LanguageModelMetrics HeldOut => Run.Metrics[HeldOutSplit];

    /// <summary>Inference throughput on the held-out rows.</summary>
    public required InferenceMeasurement Inference { get; init; }

    /// <summary>The text generated from the fixed prompt and seed; null when the model cannot generate
    /// (centered windows, or a pipeline that does not read the <c>Context</c> text).</summary>
    public string? Sample { get; init; }

    /// <summary>Validation bits per character against training seconds: one point per epoch for the networks,
    /// one point at the end of the fit for other pipelines.</summary>
    public required IReadOnlyList<LearningCurvePoint> LearningCurve { get; init; }
}
