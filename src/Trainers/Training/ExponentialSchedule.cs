namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Multiplies the rate by γ every epoch, down to a floor (PyTorch's <c>ExponentialLR</c>, closed form, plus
/// the floor): <c>lr(e) = max(lr0·γ^e, lrMin)</c>. Defaults: γ = 0.9, lrMin = 1e-7
/// (<see cref="ScheduleDefaults"/>). The validation loss is ignored.
/// </summary>
public sealed class ExponentialSchedule : ClosedFormSchedule
{
    /// <summary>Decays from <paramref name="initialLearningRate"/> by <paramref name="gamma"/> per epoch.</summary>
    /// <param name="initialLearningRate">lr0.</param>
    /// <param name="gamma">γ, in (0, 1]. <value>0.9</value></param>
    /// <param name="minLearningRate">lrMin, at most lr0. <value>1e-7</value></param>
    public ExponentialSchedule(
        double initialLearningRate,
        double gamma = ScheduleDefaults.ExponentialGamma,
        double minLearningRate = ScheduleDefaults.MinLearningRate)
        : base(initialLearningRate, minLearningRate)
    {
        new ScheduleOptions { Kind = ScheduleKind.Exponential, ExponentialGamma = gamma, MinLearningRate = minLearningRate }.Validate();
        Gamma = gamma;
    }

    /// <summary>γ, the factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    private protected override double RateAt(int epoch) => Math.Max(InitialLearningRate * Math.Pow(Gamma, epoch), MinLearningRate);
}
