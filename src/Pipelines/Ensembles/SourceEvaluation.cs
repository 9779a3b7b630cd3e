namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Held-out bits per character on one source's text: each mixing method and each single member.</summary>
/// <param name="Source">The source (or text file) measured.</param>
/// <param name="Characters">Characters scored.</param>
/// <param name="StaticBitsPerCharacter">The static mixture.</param>
/// <param name="SwitchingBitsPerCharacter">The switching mixture (its posterior starting afresh at every passage).</param>
/// <param name="MemberBitsPerCharacter">Each member alone, by source name.</param>
/// <param name="ReferenceBitsPerCharacter">A reference model on the same characters (e.g. one model trained on
/// every source together), or null.</param>
/// <param name="LogLinearBitsPerCharacter">The log-linear pooling, or null when the manifest has no pooling weights.</param>
public sealed record SourceEvaluation(
    string Source,
    long Characters,
    double StaticBitsPerCharacter,
    double SwitchingBitsPerCharacter,
    IReadOnlyDictionary<string, double> MemberBitsPerCharacter,
    double? ReferenceBitsPerCharacter = null,
    double? LogLinearBitsPerCharacter = null);
