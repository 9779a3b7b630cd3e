namespace LanguageInterpolation.Trainers.Training;

/// <summary>Where a run stands after one optimiser step (<see cref="TrainingLoop.AfterStep"/>).</summary>
public sealed record StepReport
{
    /// <summary>Epoch number, from 1.</summary>
    public required int Epoch { get; init; }

    /// <summary>Steps taken in this epoch, this one included.</summary>
    public required int Step { get; init; }

    /// <summary>Steps an uninterrupted epoch takes.</summary>
    public required int StepsPerEpoch { get; init; }

    /// <summary>Training seconds of the whole run so far (evaluation and <see cref="TrainingLoop.AfterStep"/>
    /// excluded), earlier epochs and a resumed checkpoint's included.</summary>
    public required double CumulativeTrainSeconds { get; init; }
}
