using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>
/// What a vocabulary makes of a corpus: how many characters there are, how many the vocabulary takes
/// as they are, transliterates (ASCII vocabulary: curly quotes, dashes, accents...) or cannot represent.
/// </summary>
/// <param name="DocumentCount">Number of documents.</param>
/// <param name="Characters">Characters of all texts as read (boilerplate removed, before line-ending
/// normalisation: a CR LF pair counts 2).</param>
/// <param name="DistinctCharacters">Distinct characters of all texts as read.</param>
/// <param name="EncodedCharacters">Class ids after encoding (a transliteration such as "..." for an
/// ellipsis gives several; an unrepresentable character gives the unknown id or nothing).</param>
/// <param name="TransliteratedCharacters">Characters outside the vocabulary that were transliterated,
/// each counted once (always 0 for a corpus vocabulary).</param>
/// <param name="UnrepresentableCharacters">Characters neither in the vocabulary nor transliterable.</param>
/// <param name="TopUnrepresentable">The most frequent unrepresentable characters, most frequent first
/// (ties by code point).</param>
/// <param name="Documents">Per-document counts, in corpus order.</param>
public sealed record CorpusStatistics(
    int DocumentCount,
    long Characters,
    int DistinctCharacters,
    long EncodedCharacters,
    long TransliteratedCharacters,
    long UnrepresentableCharacters,
    IReadOnlyList<CharacterCount> TopUnrepresentable,
    IReadOnlyList<DocumentStatistics> Documents)
{
    /// <summary>Default length of <see cref="TopUnrepresentable"/>.</summary>
    public const int DefaultTopCount = 10;

    /// <summary>Counts a corpus against a vocabulary.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="vocabulary">The vocabulary it would be encoded with.</param>
    /// <param name="topCount">How many unrepresentable characters to list.</param>
    public static CorpusStatistics Compute(TextCorpus corpus, CharacterVocabulary vocabulary, int topCount = DefaultTopCount)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegative(topCount);
        var distinct = new HashSet<char>();
        var unrepresentableCounts = new Dictionary<char, long>();
        var documents = new List<DocumentStatistics>(corpus.Count);
        long transliterated = 0;
        foreach (CorpusDocument document in corpus)
        {
            distinct.UnionWith(document.Text);
            foreach (char character in TextNormalization.NormalizeLineEndings(document.Text))
            {
                if (vocabulary.TryGetId(character, out _))
                {
                    continue;
                }
                if (vocabulary.Kind == VocabularyKind.Ascii && Transliteration.ToAscii(character) is not null)
                {
                    transliterated++;
                    continue;
                }
                unrepresentableCounts[character] = unrepresentableCounts.GetValueOrDefault(character) + 1;
            }
            EncodedText encoded = vocabulary.Encode(document.Text);
            documents.Add(new DocumentStatistics(document.Name, document.Text.Length, encoded.Ids.Length, encoded.Unrepresentable));
        }
        CharacterCount[] top = unrepresentableCounts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key)
            .Take(topCount)
            .Select(pair => new CharacterCount(pair.Key, pair.Value))
            .ToArray();
        return new CorpusStatistics(
            corpus.Count,
            documents.Sum(document => document.Characters),
            distinct.Count,
            documents.Sum(document => document.EncodedCharacters),
            transliterated,
            documents.Sum(document => document.UnrepresentableCharacters),
            top,
            documents);
    }
}
