namespace LanguageInterpolation.Bench.Original;

/// <summary>Training time until a run first reaches an accuracy: the cumulative training seconds at the end of the
/// first epoch whose accuracy is at least the target (evaluation time excluded).</summary>
internal static class TimeToAccuracy
{
    /// <summary>Seconds until <paramref name="target"/> was first reached, or null when no epoch reached it.</summary>
    public static double? Seconds(IReadOnlyList<double> epochSeconds, IReadOnlyList<double?> accuracy, double target)
    {
        double total = 0;
        for (int epoch = 0; epoch < epochSeconds.Count; epoch++)
        {
            total += epochSeconds[epoch];
            if (accuracy[epoch] is double reached && reached >= target)
            {
                return total;
            }
        }
        return null;
    }
}
