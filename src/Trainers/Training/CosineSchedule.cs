namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Half a cosine from lr0 down to lrMin over T epochs (PyTorch's <c>CosineAnnealingLR</c>, closed form, one
/// cycle), then lrMin:
/// <code>
/// lr(e) = lrMin + (lr0 − lrMin)·(1 + cos(π·e/T))/2    for e &lt; T
/// lr(e) = lrMin                                       for e ≥ T
/// </code>
/// so lr(0) = lr0, lr(T/2) = (lr0 + lrMin)/2 and lr(T) = lrMin. T defaults to the run's maximum number of
/// epochs and lrMin to 1e-7 (<see cref="ScheduleDefaults"/>). The validation loss is ignored.
/// </summary>
public sealed class CosineSchedule : ClosedFormSchedule
{
    /// <summary>Anneals from <paramref name="initialLearningRate"/> to <paramref name="minLearningRate"/> over <paramref name="epochs"/>.</summary>
    /// <param name="initialLearningRate">lr0.</param>
    /// <param name="epochs">T, at least 1.</param>
    /// <param name="minLearningRate">lrMin, at most lr0. <value>1e-7</value></param>
    public CosineSchedule(double initialLearningRate, int epochs, double minLearningRate = ScheduleDefaults.MinLearningRate)
        : base(initialLearningRate, minLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        new ScheduleOptions { Kind = ScheduleKind.Cosine, MinLearningRate = minLearningRate }.Validate();
        Epochs = epochs;
    }

    /// <summary>T, the length of the half cosine in epochs.</summary>
    public int Epochs { get; }

    /// <inheritdoc/>
    private protected override double RateAt(int epoch) =>
        epoch >= Epochs
            ? MinLearningRate
            : MinLearningRate + (InitialLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / Epochs)) / 2;
}
