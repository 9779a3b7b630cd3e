using System.Globalization;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>
/// Guards against training on something that is not text in the vocabulary's alphabet (random bytes, a
/// binary file without NUL bytes, a Cyrillic book under the ASCII vocabulary). A book with more than
/// <see cref="WarningFraction"/> of characters that the vocabulary can neither take nor transliterate
/// gets a warning; above <see cref="RefusalFraction"/> it is refused unless the caller forces it. English
/// and transliterated Latin-script books stay far below both (The Dunwich Horror: 0).
/// </summary>
public static class UnrepresentableText
{
    /// <summary>Share of unrepresentable characters above which a book gets a warning: 1 %.</summary>
    public const double WarningFraction = 0.01;

    /// <summary>Share of unrepresentable characters above which a book is refused: 5 % (random bytes read as
    /// Latin-1 give about 18 %).</summary>
    public const double RefusalFraction = 0.05;

    /// <summary>Checks every book: returns one warning line per book above <see cref="WarningFraction"/>,
    /// and throws for the first book above <see cref="RefusalFraction"/> unless <paramref name="force"/>.</summary>
    /// <exception cref="CorpusException">A book is above the refusal threshold and <paramref name="force"/> is false.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static IReadOnlyList<string> Check(TextCorpus corpus, CharacterVocabulary vocabulary, bool force, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var warnings = new List<string>();
        foreach (CorpusDocument document in corpus)
        {
            long unrepresentable = Count(document.Text, vocabulary, cancellation);
            double fraction = document.Text.Length == 0 ? 0 : (double)unrepresentable / document.Text.Length;
            if (fraction <= WarningFraction)
            {
                continue;
            }
            string share = string.Create(CultureInfo.InvariantCulture,
                $"{document.Name}: {fraction * 100:F1}% of its characters ({unrepresentable:N0} of {document.Text.Length:N0}) are not representable in the {vocabulary.Kind.ToString().ToLowerInvariant()} vocabulary");
            if (fraction > RefusalFraction && !force)
            {
                throw new CorpusException(string.Create(CultureInfo.InvariantCulture,
                    $"{share} (limit {RefusalFraction * 100:F0}%): is it text? Use --vocabulary corpus for a non-Latin script, or --allow-unrepresentable to use it anyway."));
            }
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"warning: {share} (warning above {WarningFraction * 100:F0}%, refused above {RefusalFraction * 100:F0}% without --allow-unrepresentable)."));
        }
        return warnings;
    }

    private static long Count(string text, CharacterVocabulary vocabulary, CancellationToken cancellation)
    {
        const int chunkCharacters = 1 << 22;
        long unrepresentable = 0;
        for (int chunk = 0; chunk < text.Length; chunk += chunkCharacters)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (char character in text.AsSpan(chunk, Math.Min(chunkCharacters, text.Length - chunk)))
            {
                if (!vocabulary.IsRepresentable(character))
                {
                    unrepresentable++;
                }
            }
        }
        return unrepresentable;
    }
}
