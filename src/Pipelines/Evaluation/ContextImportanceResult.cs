namespace LanguageInterpolation.Pipelines.Evaluation;

/// <summary>The model's figures on the unpermuted rows and the importance of every context position, first to last.</summary>
/// <param name="Baseline">Metrics on the rows as they are.</param>
/// <param name="Positions">One entry per position, from the window's first character (offset -N) to its last (-1).</param>
/// <param name="Permutations">Permutations per position.</param>
public sealed record ContextImportanceResult(LanguageModelMetrics Baseline, IReadOnlyList<PositionImportance> Positions, int Permutations);
