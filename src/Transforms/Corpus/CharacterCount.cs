namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>How often one character occurs.</summary>
/// <param name="Character">The character.</param>
/// <param name="Count">Its number of occurrences.</param>
public sealed record CharacterCount(char Character, long Count)
{
    /// <summary>The character and its code point, e.g. <c>'中' U+4E2D: 3</c>.</summary>
    public override string ToString() => $"'{Character}' U+{(int)Character:X4}: {Count}";
}
