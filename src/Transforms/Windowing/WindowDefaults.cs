namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>The single source of the windowing defaults (options, catalog, CLI and README use these).</summary>
public static class WindowDefaults
{
    /// <summary>Context characters per window, as in the original's presets.</summary>
    public const int WindowSize = 16;

    /// <summary>Characters between the starts of consecutive windows.</summary>
    public const int Stride = 1;

    /// <summary>Held-out targets between scored ones: every held-out target.</summary>
    public const int EvaluationStride = 1;

    /// <summary>Window kind.</summary>
    public const WindowKind Kind = WindowKind.Sequence;

    /// <summary>Split kind.</summary>
    public const SplitKind Split = SplitKind.HeldOut;

    /// <summary>Share of every book held out for validation.</summary>
    public const double ValidationFraction = 0.1;

    /// <summary>Share of every book held out for the final test.</summary>
    public const double TestFraction = 0.1;

    /// <summary>Share of context characters replaced by random ones in training rows.</summary>
    public const double CorruptionFraction = 0.0;

    /// <summary>Seed for corruption.</summary>
    public const int Seed = 0;
}
