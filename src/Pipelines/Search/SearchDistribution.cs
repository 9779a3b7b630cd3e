namespace LanguageInterpolation.Pipelines.Search;

/// <summary>How a search parameter's values are drawn; the JSON names are snake_case
/// (<c>log_uniform</c>, <c>int_uniform</c>, ...).</summary>
public enum SearchDistribution
{
    /// <summary>A real number, uniform on [min, max].</summary>
    Uniform,

    /// <summary>A real number whose logarithm is uniform on [ln min, ln max] (learning rates); min &gt; 0.</summary>
    LogUniform,

    /// <summary>An integer, uniform on {min, ..., max}.</summary>
    IntUniform,

    /// <summary>An integer whose logarithm is roughly uniform (widths, segments): ⌊exp(U[ln min, ln(max + 1)))⌋; min ≥ 1.</summary>
    IntLogUniform,

    /// <summary>One of a list of JSON values (numbers, strings, booleans), each equally likely.</summary>
    Choice,
}
