namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>The two vocabulary families.</summary>
public enum VocabularyKind
{
    /// <summary>ASCII 0-127, 128 classes, non-ASCII transliterated (the original's encoding).</summary>
    Ascii,

    /// <summary>Every distinct character of a corpus plus an unknown symbol (non-English books).</summary>
    Corpus,
}
