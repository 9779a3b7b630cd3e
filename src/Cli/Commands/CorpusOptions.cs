using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>The options that say which text to read: local books, Gutenberg ebook ids, or the embedded default.</summary>
public sealed class CorpusOptions
{
    /// <summary>Local text files, folders or globs.</summary>
    public Option<string[]> Books { get; } = new("--book", "-b")
    {
        Description = "Text file, folder of .txt files, or glob (repeatable). Default: the embedded Dunwich Horror.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Project Gutenberg ebook ids to download.</summary>
    public Option<int[]> Ebooks { get; } = new("--ebook")
    {
        Description = "Project Gutenberg ebook id to download into the cache (repeatable; needs a network; LI_GUTENBERG_URLS may name mirror URL templates).",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Cache folder for downloads.</summary>
    public Option<string?> Cache { get; } = new("--gutenberg-cache")
    {
        Description = "Folder that caches downloaded books.",
    };

    /// <summary>Keep only the first characters of every book.</summary>
    public Option<int?> MaxCharacters { get; } = new("--max-chars")
    {
        Description = "Keep only the first N characters of every book (quick runs).",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Books);
        command.Options.Add(Ebooks);
        command.Options.Add(Cache);
        command.Options.Add(MaxCharacters);
    }

    /// <summary>Reads the corpus the parsed options name.</summary>
    public TextCorpus Read(ParseResult parse, CancellationToken cancellation)
    {
        var documents = new List<CorpusDocument>();
        string[] books = parse.GetValue(Books) ?? [];
        if (books.Length > 0)
        {
            documents.AddRange(CorpusReader.Read(books));
        }
        int[] ebooks = parse.GetValue(Ebooks) ?? [];
        if (ebooks.Length > 0)
        {
            documents.AddRange(GutenbergSource.Download(ebooks, parse.GetValue(Cache), cancellation));
        }
        if (documents.Count == 0)
        {
            documents.Add(DefaultBook.Load());
        }
        var corpus = new TextCorpus(documents);
        int? maxCharacters = parse.GetValue(MaxCharacters);
        if (maxCharacters is < 1)
        {
            throw new ArgumentException($"--max-chars must be at least 1 (got {maxCharacters}).");
        }
        return maxCharacters is int limit ? corpus.Truncate(limit) : corpus;
    }
}
