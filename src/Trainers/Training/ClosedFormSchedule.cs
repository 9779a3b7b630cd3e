namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// A schedule whose rate is a function of the epoch alone (<see cref="CosineSchedule"/>,
/// <see cref="ExponentialSchedule"/>): it remembers the last epoch it was asked about, for checkpoints, and
/// ignores the validation loss.
/// </summary>
public abstract class ClosedFormSchedule : ILearningRateSchedule
{
    private int _epoch;

    /// <summary>Checks lr0 and the floor.</summary>
    private protected ClosedFormSchedule(double initialLearningRate, double minLearningRate)
    {
        InitialLearningRate = ScheduleArguments.RequireLearningRate(initialLearningRate, nameof(initialLearningRate));
        ScheduleArguments.RequireFloorBelow(minLearningRate, initialLearningRate);
        MinLearningRate = minLearningRate;
    }

    /// <summary>lr0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>lrMin.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc/>
    public double LearningRateForEpoch(int epoch, double? validationLoss)
    {
        ScheduleArguments.RequireEpoch(epoch);
        _epoch = epoch;
        return RateAt(epoch);
    }

    /// <inheritdoc/>
    public ScheduleState GetState() => new(_epoch, RateAt(_epoch), null, 0);

    /// <inheritdoc/>
    public void SetState(ScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        _epoch = state.Epoch;
    }

    /// <summary>The rate after <paramref name="epoch"/> epochs (lr0 at 0).</summary>
    private protected abstract double RateAt(int epoch);
}
