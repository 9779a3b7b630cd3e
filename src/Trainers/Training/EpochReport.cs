namespace LanguageInterpolation.Trainers.Training;

/// <summary>What one epoch did.</summary>
public sealed record EpochReport
{
    /// <summary>Epoch number, from 1.</summary>
    public required int Epoch { get; init; }

    /// <summary>Mean training cross-entropy (nats) over the epoch's batches.</summary>
    public required double TrainLoss { get; init; }

    /// <summary>Training accuracy over the epoch's batches (weights changing as it goes).</summary>
    public required double TrainAccuracy { get; init; }

    /// <summary>Validation cross-entropy (nats), when there is validation data.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Validation accuracy.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>Validation bits per character.</summary>
    public double? ValidationBitsPerCharacter => ValidationLoss / Math.Log(2);

    /// <summary>Learning rate used during the epoch.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Training samples per second (forward, backward and optimiser step; evaluation excluded).</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Training samples processed in the epoch (fewer than the rows when a time budget cut it short).</summary>
    public required long Samples { get; init; }

    /// <summary>Seconds spent training (not validating) in this epoch.</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>Training seconds since the run started, this epoch included (for learning curves against time).</summary>
    public required double CumulativeTrainSeconds { get; init; }
}
