namespace LanguageInterpolation.Trainers.Training;

/// <summary>How the learning rate changes from epoch to epoch (see <see cref="ScheduleFactory"/>).</summary>
public enum ScheduleKind
{
    /// <summary>The initial learning rate throughout.</summary>
    Constant,

    /// <summary>Multiply by a factor when the validation loss stops improving (PyTorch's ReduceLROnPlateau).</summary>
    ReduceOnPlateau,

    /// <summary>Half a cosine from the initial rate down to the minimum (PyTorch's CosineAnnealingLR, one cycle).</summary>
    Cosine,

    /// <summary>Multiply by γ every epoch (PyTorch's ExponentialLR), with a floor.</summary>
    Exponential,

    /// <summary>Half a cosine from the initial rate down to the minimum over the run's time budget, updated after
    /// every step (for time-budgeted runs of few, long epochs, such as the transformers').</summary>
    BudgetCosine,
}
