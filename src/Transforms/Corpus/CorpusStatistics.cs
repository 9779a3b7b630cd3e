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
    public static CorpusStatistics Compute(TextCorpus corpus, CharacterVocabulary vocabulary, int topCount = DefaultTopCount) =>
        Compute(corpus, vocabulary, topCount, null, CancellationToken.None);

    /// <summary>Counts a corpus against a vocabulary in one streaming pass per book (no encoded copy is
    /// kept), reporting progress and stopping when cancelled.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static CorpusStatistics Compute(TextCorpus corpus, CharacterVocabulary vocabulary, int topCount,
        IProgress<PreparationProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegative(topCount);
        // Counters per UTF-16 code unit instead of sets and dictionaries of chars: one array index per character.
        var seen = new bool[char.MaxValue + 1];
        var unrepresentableCounts = new long[char.MaxValue + 1];
        var documents = new List<DocumentStatistics>(corpus.Count);
        long transliterated = 0;
        long total = corpus.CharacterCount;
        long before = 0;
        foreach (CorpusDocument document in corpus)
        {
            string text = document.Text;
            long unrepresentable = 0;
            for (int chunk = 0; chunk < text.Length; chunk += ChunkCharacters)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new PreparationProgress("counting", document.Name, before + chunk, total));
                int end = Math.Min(text.Length, chunk + ChunkCharacters);
                for (int i = chunk; i < end; i++)
                {
                    char character = text[i];
                    seen[character] = true;
                    if (character == '\r')
                    {
                        continue; // read as LF, which every vocabulary has or maps to its unknown symbol like any other
                    }
                    if (vocabulary.TryGetId(character, out _))
                    {
                        continue;
                    }
                    if (vocabulary.Kind == VocabularyKind.Ascii && Transliteration.ToAscii(character) is not null)
                    {
                        transliterated++;
                        continue;
                    }
                    unrepresentableCounts[character]++;
                    unrepresentable++;
                }
            }
            long encoded = vocabulary.CountIds(text, out _, cancellation);
            documents.Add(new DocumentStatistics(document.Name, text.Length, encoded, unrepresentable));
            before += text.Length;
        }
        CharacterCount[] top = Enumerable.Range(0, unrepresentableCounts.Length)
            .Where(code => unrepresentableCounts[code] > 0)
            .OrderByDescending(code => unrepresentableCounts[code])
            .ThenBy(code => code)
            .Take(topCount)
            .Select(code => new CharacterCount((char)code, unrepresentableCounts[code]))
            .ToArray();
        return new CorpusStatistics(
            corpus.Count,
            documents.Sum(document => document.Characters),
            seen.Count(flag => flag),
            documents.Sum(document => document.EncodedCharacters),
            transliterated,
            documents.Sum(document => document.UnrepresentableCharacters),
            top,
            documents);
    }

    // Cancellation and progress are checked once per this many characters.
    private const int ChunkCharacters = 1 << 22;
}
