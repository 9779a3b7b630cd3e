namespace LanguageInterpolation.Trainers.Training;

/// <summary>The epochs of a training run and how it ended.</summary>
public sealed record TrainingHistory
{
    /// <summary>One report per epoch, in order (including epochs before a resume).</summary>
    public required IReadOnlyList<EpochReport> Epochs { get; init; }

    /// <summary>The epoch whose weights the network holds at the end (best validation loss, or the last epoch).</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Why training stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Training samples processed over the run.</summary>
    public long Samples => Epochs.Sum(epoch => epoch.Samples);

    /// <summary>Seconds of training (evaluation excluded).</summary>
    public double TrainSeconds => Epochs.Sum(epoch => epoch.TrainSeconds);

    /// <summary>Mean training samples per second over the run.</summary>
    public double SamplesPerSecond => TrainSeconds > 0 ? Samples / TrainSeconds : 0;
}
