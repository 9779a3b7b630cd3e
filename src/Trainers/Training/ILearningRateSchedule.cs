namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// A learning-rate schedule, consulted once at the end of every epoch.
/// </summary>
/// <remarks>
/// Epochs are numbered from 1. The first epoch runs at the initial learning rate; at the end of epoch e the
/// training loop calls <see cref="LearningRateForEpoch"/>(e, that epoch's validation loss) and uses the result
/// for epoch e + 1. The closed-form schedules give lr(e) after e calls, as PyTorch's do after e
/// <c>scheduler.step()</c> calls, and accept e = 0 (the initial rate).
/// </remarks>
public interface ILearningRateSchedule
{
    /// <summary>
    /// Records the end of <paramref name="epoch"/> and returns the learning rate for the next epoch.
    /// <paramref name="validationLoss"/> is null when there is no validation data: a plateau schedule then
    /// watches nothing and keeps its rate (the time-based schedules ignore the loss anyway).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    double LearningRateForEpoch(int epoch, double? validationLoss);

    /// <summary>The mutable state, for a checkpoint.</summary>
    ScheduleState GetState();

    /// <summary>Restores what <see cref="GetState"/> returned, to resume training.</summary>
    /// <exception cref="ArgumentException">The state is invalid (negative counters, non-positive rate).</exception>
    void SetState(ScheduleState state);
}
