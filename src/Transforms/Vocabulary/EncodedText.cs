namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>Text as class ids, with the number of characters the vocabulary could not represent.</summary>
/// <param name="Ids">Class ids in text order.</param>
/// <param name="Unrepresentable">Characters that were neither in the vocabulary nor transliterable.</param>
public sealed record EncodedText(int[] Ids, int Unrepresentable);
