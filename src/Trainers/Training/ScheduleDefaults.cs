namespace LanguageInterpolation.Trainers.Training;

/// <summary>The single source of the schedule and early-stopping defaults (options, CLI and README use these).</summary>
public static class ScheduleDefaults
{
    /// <summary>The default schedule: reduce on plateau, as in the original's configs.</summary>
    public const ScheduleKind Kind = ScheduleKind.ReduceOnPlateau;

    /// <summary>Bad epochs tolerated before a reduction (PyTorch semantics: the next bad one reduces).</summary>
    public const int PlateauPatience = 5;

    /// <summary>Factor applied to the learning rate at a plateau.</summary>
    public const double PlateauFactor = 0.1;

    /// <summary>Relative improvement that counts: a loss below best·(1 − threshold).</summary>
    public const double PlateauThreshold = 1e-4;

    /// <summary>γ of the exponential schedule (the original's default).</summary>
    public const double ExponentialGamma = 0.9;

    /// <summary>The learning rate never goes below this (plateau and exponential floor, cosine end point).</summary>
    public const double MinLearningRate = 1e-7;

    /// <summary>Length T of the cosine schedule; 0 means the run's maximum number of epochs.</summary>
    public const int CosineEpochs = 0;

    /// <summary>Non-improving epochs before early stopping (the original's value); 0 disables it.</summary>
    public const int EarlyStoppingPatience = 20;

    /// <summary>Absolute improvement of the validation loss that early stopping counts.</summary>
    public const double EarlyStoppingMinDelta = 0.0;
}
