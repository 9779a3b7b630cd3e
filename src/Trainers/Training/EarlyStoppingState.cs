namespace LanguageInterpolation.Trainers.Training;

/// <summary>The mutable state of <see cref="EarlyStopping"/>, for checkpoint and resume (JSON-friendly: no infinity).</summary>
/// <param name="Best">The best validation loss seen; null before the first.</param>
/// <param name="BadEpochs">Consecutive epochs without improvement.</param>
public sealed record EarlyStoppingState(double? Best, int BadEpochs);
