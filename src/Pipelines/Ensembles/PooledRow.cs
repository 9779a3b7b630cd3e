namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Every member's whole distribution at one character, for log-linear pooling.</summary>
/// <param name="LogProbabilities">log p_m(c) over the union vocabulary, member-major: [m * V + c] (floored).</param>
/// <param name="Target">The union id of the character that occurred.</param>
public sealed record PooledRow(float[] LogProbabilities, int Target);
