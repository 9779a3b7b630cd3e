namespace LanguageInterpolation.Trainers.Training;

/// <summary>Builds the learning-rate schedule that <see cref="ScheduleOptions"/> describe.</summary>
public static class ScheduleFactory
{
    /// <summary>
    /// Validates the options and builds <see cref="ConstantSchedule"/>, <see cref="ReduceOnPlateauSchedule"/>,
    /// <see cref="CosineSchedule"/> (T = <see cref="ScheduleOptions.CosineEpochs"/>, or
    /// <paramref name="maxEpochs"/> when that is 0) or <see cref="ExponentialSchedule"/>.
    /// </summary>
    /// <param name="options">The schedule settings.</param>
    /// <param name="initialLearningRate">lr0, the optimizer's learning rate for epoch 1.</param>
    /// <param name="maxEpochs">The run's maximum number of epochs, at least 1.</param>
    /// <exception cref="ArgumentException">
    /// Invalid options (every bad field is named), a non-positive rate or epoch count, or a
    /// <see cref="ScheduleOptions.MinLearningRate"/> above lr0 for a schedule that uses it.
    /// </exception>
    /// <param name="timeBudget">The run's time budget; <see cref="ScheduleKind.BudgetCosine"/> needs one.</param>
    public static ILearningRateSchedule Create(ScheduleOptions options, double initialLearningRate, int maxEpochs, TimeSpan? timeBudget = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, 1);
        return options.Kind switch
        {
            ScheduleKind.Constant => new ConstantSchedule(initialLearningRate),
            ScheduleKind.ReduceOnPlateau => new ReduceOnPlateauSchedule(
                initialLearningRate, options.PlateauPatience, options.PlateauFactor, options.PlateauThreshold, options.MinLearningRate),
            ScheduleKind.Cosine => new CosineSchedule(
                initialLearningRate, options.CosineEpochs > 0 ? options.CosineEpochs : maxEpochs, options.MinLearningRate),
            ScheduleKind.Exponential => new ExponentialSchedule(
                initialLearningRate, options.ExponentialGamma, options.MinLearningRate),
            ScheduleKind.BudgetCosine => timeBudget is TimeSpan budget
                ? new BudgetCosineSchedule(initialLearningRate, budget, options.MinLearningRate)
                : throw new ArgumentException("The BudgetCosine schedule anneals over the run's time budget: give one (--time-budget SECONDS)."),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown schedule kind."),
        };
    }
}
