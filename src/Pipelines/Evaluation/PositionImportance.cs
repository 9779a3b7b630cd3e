namespace LanguageInterpolation.Pipelines.Evaluation;

/// <summary>How much one context position matters: what permuting its character across the rows costs.</summary>
/// <param name="Offset">The position relative to the predicted character: -1 is the character just before it, -N the first of the window.</param>
/// <param name="BitsIncrease">Mean increase of bits per character over the permutations.</param>
/// <param name="BitsIncreaseStandardDeviation">Its standard deviation over the permutations (0 with one permutation).</param>
/// <param name="AccuracyDrop">Mean decrease of accuracy.</param>
public sealed record PositionImportance(int Offset, double BitsIncrease, double BitsIncreaseStandardDeviation, double AccuracyDrop);
