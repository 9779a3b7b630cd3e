namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Half a cosine from lr0 down to lrMin over the run's time budget B, read after every optimiser step from the
/// training time so far t (including the time of a resumed run's earlier part):
/// <code>
/// lr(t) = lrMin + (lr0 − lrMin)·(1 + cos(π·min(t/B, 1)))/2
/// </code>
/// A time-budgeted run of a few long epochs (a transformer reads one target per training character per epoch)
/// would otherwise see at most a handful of per-epoch schedule steps; decaying to the end of the budget is what
/// nanoGPT's cosine schedule does over its iterations. The per-epoch call returns the rate at the epoch's end.
/// </summary>
public sealed class BudgetCosineSchedule : ILearningRateSchedule
{
    private int _epoch;
    private double _fraction;

    /// <summary>Anneals from <paramref name="initialLearningRate"/> to <paramref name="minLearningRate"/> over <paramref name="budget"/>.</summary>
    public BudgetCosineSchedule(double initialLearningRate, TimeSpan budget, double minLearningRate = ScheduleDefaults.MinLearningRate)
    {
        InitialLearningRate = ScheduleArguments.RequireLearningRate(initialLearningRate, nameof(initialLearningRate));
        ScheduleArguments.RequireFloorBelow(minLearningRate, initialLearningRate);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minLearningRate, 0, nameof(minLearningRate)); // the optimiser needs a positive rate at the end
        MinLearningRate = minLearningRate;
        Budget = budget;
    }

    /// <summary>lr0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>lrMin.</summary>
    public double MinLearningRate { get; }

    /// <summary>B, the training time the half cosine spans.</summary>
    public TimeSpan Budget { get; }

    /// <summary>The rate after <paramref name="trainSeconds"/> of training.</summary>
    public double RateAfter(double trainSeconds)
    {
        _fraction = Math.Clamp(trainSeconds / Budget.TotalSeconds, 0, 1);
        return MinLearningRate + (InitialLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * _fraction)) / 2;
    }

    /// <inheritdoc/>
    public double LearningRateForEpoch(int epoch, double? validationLoss)
    {
        ScheduleArguments.RequireEpoch(epoch);
        _epoch = epoch;
        return RateAfter(_fraction * Budget.TotalSeconds);
    }

    /// <inheritdoc/>
    public ScheduleState GetState() => new(_epoch, RateAfter(_fraction * Budget.TotalSeconds), null, 0);

    /// <inheritdoc/>
    public void SetState(ScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        _epoch = state.Epoch;
    }
}
