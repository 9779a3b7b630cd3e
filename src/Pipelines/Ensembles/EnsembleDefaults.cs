using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>The single source of the ensemble defaults (library, CLI and docs).</summary>
public static class EnsembleDefaults
{
    /// <summary>Share of every book held out for validation (as <c>li train</c>).</summary>
    public const double ValidationFraction = WindowDefaults.ValidationFraction;

    /// <summary>Share of every book held out for the test (as <c>li train</c>).</summary>
    public const double TestFraction = WindowDefaults.TestFraction;

    /// <summary>Characters scored per held-out block.</summary>
    public const int MaxBlockCharacters = 20_000;

    /// <summary>Rows per ML.NET scoring batch.</summary>
    public const int ScoringBatch = 4096;

    /// <summary>The attribution passage lengths of the benchmark.</summary>
    public static IReadOnlyList<int> AttributionLengths { get; } = [200, 1000];
}
