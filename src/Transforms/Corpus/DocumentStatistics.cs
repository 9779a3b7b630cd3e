namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>Character counts of one document of a corpus.</summary>
/// <param name="Name">The document's name.</param>
/// <param name="Characters">Characters of its text as read (boilerplate removed).</param>
/// <param name="EncodedCharacters">Class ids after encoding with the vocabulary.</param>
/// <param name="UnrepresentableCharacters">Characters the vocabulary could not represent.</param>
public sealed record DocumentStatistics(string Name, long Characters, long EncodedCharacters, long UnrepresentableCharacters);
