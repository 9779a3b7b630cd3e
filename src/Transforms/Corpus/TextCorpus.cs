using System.Collections;

namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>The books a model learns from. Windows never cross from one book to the next.</summary>
public sealed class TextCorpus : IReadOnlyList<CorpusDocument>
{
    private readonly CorpusDocument[] _documents;

    /// <summary>Creates a corpus; it must hold at least one non-empty document.</summary>
    public TextCorpus(IEnumerable<CorpusDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _documents = documents.ToArray();
        if (_documents.Length == 0)
        {
            throw new ArgumentException("A corpus needs at least one document.", nameof(documents));
        }
        foreach (CorpusDocument document in _documents)
        {
            if (string.IsNullOrWhiteSpace(document.Text))
            {
                throw new ArgumentException($"Document '{document.Name}' has no text.", nameof(documents));
            }
        }
    }

    /// <summary>A corpus of one text held in memory.</summary>
    public static TextCorpus FromText(string text, string name = "text") => new([new CorpusDocument(name, text)]);

    /// <inheritdoc />
    public int Count => _documents.Length;

    /// <inheritdoc />
    public CorpusDocument this[int index] => _documents[index];

    /// <summary>Total number of characters over all documents.</summary>
    public long CharacterCount => _documents.Sum(document => (long)document.Text.Length);

    /// <summary>A corpus of the first <paramref name="characters"/> characters of every document (small runs, tests).</summary>
    public TextCorpus Truncate(int characters) =>
        new(_documents.Select(document => document with { Text = document.Text[..Math.Min(characters, document.Text.Length)] }));

    /// <inheritdoc />
    public IEnumerator<CorpusDocument> GetEnumerator() => ((IEnumerable<CorpusDocument>)_documents).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
