namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// The mutable state of an <see cref="ILearningRateSchedule"/>, for checkpoint and resume. Plain values, so it
/// serializes as is (JSON included: "no best yet" is null, not infinity).
/// </summary>
/// <param name="Epoch">The last epoch passed to <see cref="ILearningRateSchedule.LearningRateForEpoch"/>; 0 before the first.</param>
/// <param name="LearningRate">The learning rate the schedule last returned (the initial rate before the first call).</param>
/// <param name="Best">Plateau: the best validation loss seen; null before the first one (and for other schedules).</param>
/// <param name="BadEpochs">Plateau: consecutive epochs without improvement since the last improvement or reduction; 0 for other schedules.</param>
public sealed record ScheduleState(int Epoch, double LearningRate, double? Best, int BadEpochs)
{
    /// <summary>Throws an <see cref="ArgumentException"/> that names every invalid field.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Epoch < 0)
        {
            problems.Add($"{nameof(Epoch)} must be at least 0 (got {Epoch})");
        }
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            problems.Add($"{nameof(LearningRate)} must be positive and finite (got {LearningRate})");
        }
        if (BadEpochs < 0)
        {
            problems.Add($"{nameof(BadEpochs)} must be at least 0 (got {BadEpochs})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid schedule state: " + string.Join("; ", problems) + ".");
        }
    }
}
