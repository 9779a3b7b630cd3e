namespace LanguageInterpolation.Trainers.Training;

/// <summary>The initial learning rate throughout: lr(e) = lr0.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    private int _epoch;

    /// <summary>Keeps <paramref name="initialLearningRate"/> for every epoch.</summary>
    public ConstantSchedule(double initialLearningRate)
    {
        InitialLearningRate = ScheduleArguments.RequireLearningRate(initialLearningRate, nameof(initialLearningRate));
    }

    /// <summary>lr0, the rate of every epoch.</summary>
    public double InitialLearningRate { get; private set; }

    /// <inheritdoc/>
    public double LearningRateForEpoch(int epoch, double? validationLoss)
    {
        ScheduleArguments.RequireEpoch(epoch);
        _epoch = epoch;
        return InitialLearningRate;
    }

    /// <inheritdoc/>
    public ScheduleState GetState() => new(_epoch, InitialLearningRate, null, 0);

    /// <inheritdoc/>
    public void SetState(ScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        _epoch = state.Epoch;
        InitialLearningRate = state.LearningRate;
    }
}
