namespace LanguageInterpolation.Trainers.Training;

/// <summary>Argument checks shared by the schedules' constructors and methods.</summary>
internal static class ScheduleArguments
{
    /// <summary>Throws unless <paramref name="value"/> is a usable learning rate (positive and finite).</summary>
    public static double RequireLearningRate(double value, string name) =>
        value > 0 && !double.IsInfinity(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "A learning rate must be positive and finite.");

    /// <summary>Throws unless <paramref name="minLearningRate"/> is at most <paramref name="initialLearningRate"/>.</summary>
    public static void RequireFloorBelow(double minLearningRate, double initialLearningRate)
    {
        if (minLearningRate > initialLearningRate)
        {
            throw new ArgumentException(
                $"MinLearningRate ({minLearningRate}) must not exceed the initial learning rate ({initialLearningRate}).");
        }
    }

    /// <summary>Throws unless <paramref name="epoch"/> is at least 0.</summary>
    public static void RequireEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
    }
}
