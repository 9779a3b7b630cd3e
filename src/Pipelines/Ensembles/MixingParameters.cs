namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>The fitted mixing parameters of an ensemble; refitted, and nothing else, when a member joins or leaves.</summary>
/// <param name="StaticWeights">The static mixture's weights, in member order (sum 1).</param>
/// <param name="SwitchingRate">The switching mixture's forgetting rate α (its prior is <paramref name="StaticWeights"/>).</param>
/// <param name="ValidationCharacters">Characters of validation text they were fitted on.</param>
/// <param name="ValidationBitsPerCharacter">Bits per character on that text: static, switching, and each member by source name.</param>
/// <param name="FittedUtc">When they were fitted.</param>
/// <param name="LogLinearWeights">The log-linear pooling's weights β, in member order (null in manifests written before it).</param>
public sealed record MixingParameters(
    IReadOnlyList<double> StaticWeights,
    double SwitchingRate,
    long ValidationCharacters,
    IReadOnlyDictionary<string, double> ValidationBitsPerCharacter,
    DateTime FittedUtc,
    IReadOnlyList<double>? LogLinearWeights = null);
