namespace LanguageInterpolation.Bench.Original;

/// <summary>An accuracy over all windows and the training seconds (evaluation excluded) at which it was measured.</summary>
internal sealed record AccuracyPoint(double Seconds, double Accuracy);

/// <summary>Training time until a run first reaches an accuracy: the training seconds of the first evaluation whose
/// accuracy is at least the target.</summary>
internal static class TimeToAccuracy
{
    /// <summary>Seconds until <paramref name="target"/> was first reached, or null when no evaluation reached it.</summary>
    /// <param name="points">Evaluations in the order they were made.</param>
    /// <param name="target">The accuracy to reach.</param>
    public static double? Seconds(IEnumerable<AccuracyPoint> points, double target) =>
        points.FirstOrDefault(point => point.Accuracy >= target)?.Seconds;
}
