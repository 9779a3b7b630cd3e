using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>The Dunwich Horror (PG 50133), embedded so that every command runs with no arguments.</summary>
public static class DefaultBook
{
    /// <summary>Name shown for the embedded book.</summary>
    public const string Name = "pg50133-dunwich-horror.txt (embedded)";

    /// <summary>The book with its Gutenberg boilerplate removed.</summary>
    public static CorpusDocument Load()
    {
        using Stream stream = typeof(DefaultBook).Assembly.GetManifestResourceStream("LanguageInterpolation.Cli.DefaultBook.txt")
            ?? throw new InvalidOperationException("The embedded default book is missing from the build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        string text = CorpusReader.DecodeText(memory.ToArray(), Name);
        return new CorpusDocument(Name, GutenbergBoilerplate.Strip(text));
    }
}
