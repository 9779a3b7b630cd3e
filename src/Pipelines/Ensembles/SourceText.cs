using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Cuts a member's held-out blocks out of its source: the book is read as <c>li train</c> reads it (boilerplate
/// stripped, first <see cref="HeldOutText.MaxCharacters"/> kept), encoded with the member's own vocabulary, and
/// split at the same fractions as <c>WindowedCorpus</c>, so that the block is exactly text the member never
/// trained on. One passage per book.
/// </summary>
public static class SourceText
{
    /// <summary>The held-out passages of <paramref name="member"/>'s source.</summary>
    /// <exception cref="InvalidDataException">A passage is not longer than <paramref name="windowSize"/>.</exception>
    public static IReadOnlyList<string> Passages(LoadedMember member, string manifestPath, HeldOutText heldOut, HeldOutBlock block, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(heldOut);
        var files = member.Member.SourceFiles.Select(file => EnsembleManifest.Resolve(manifestPath, file)).ToArray();
        TextCorpus corpus = CorpusReader.Read(files);
        if (heldOut.MaxCharacters is int max)
        {
            corpus = corpus.Truncate(max);
        }
        CharacterVocabulary vocabulary = member.Model.Card.VocabularyObject;
        var passages = new List<string>();
        foreach (CorpusDocument document in corpus)
        {
            int[] ids = vocabulary.Encode(document.Text).Ids;
            int trainEnd = (int)Math.Round(ids.Length * (1 - heldOut.ValidationFraction - heldOut.TestFraction));
            int validationEnd = (int)Math.Round(ids.Length * (1 - heldOut.TestFraction));
            (int start, int end) = block == HeldOutBlock.Validation ? (trainEnd, validationEnd) : (validationEnd, ids.Length);
            int length = Math.Min(end - start, heldOut.MaxBlockCharacters);
            if (length <= windowSize)
            {
                throw new InvalidDataException(
                    $"The {block.ToString().ToLowerInvariant()} text of source '{member.Member.Source}' ({document.Name}) has {length} characters; it must be longer than the longest member window ({windowSize}).");
            }
            passages.Add(vocabulary.Decode(ids.AsSpan(start, length).ToArray()));
        }
        return passages;
    }
}
