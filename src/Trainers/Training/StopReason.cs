namespace LanguageInterpolation.Trainers.Training;

/// <summary>Why training stopped.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    MaxEpochs,

    /// <summary>The validation loss stopped improving.</summary>
    EarlyStopping,

    /// <summary>The time budget ran out.</summary>
    TimeBudget,

    /// <summary>The caller cancelled (Ctrl-C); a checkpoint was written when a path was given.</summary>
    Cancelled,
}
