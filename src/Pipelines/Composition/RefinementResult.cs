using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>What <see cref="ModelRefinement.Refine"/> did.</summary>
/// <param name="Original">The saved model's network architecture.</param>
/// <param name="OriginalParameters">Its learnable parameters.</param>
/// <param name="Refined">The refined architecture.</param>
/// <param name="RefinedParameters">Its learnable parameters.</param>
/// <param name="Card">The refined model's card.</param>
public sealed record RefinementResult(NetworkConfig Original, long OriginalParameters, NetworkConfig Refined, long RefinedParameters, ModelCard Card);
