namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Which held-out block of a book.</summary>
public enum HeldOutBlock
{
    /// <summary>The validation block (mixing parameters are fitted on it).</summary>
    Validation,

    /// <summary>The test block (evaluation and attribution measure on it).</summary>
    Test,
}
