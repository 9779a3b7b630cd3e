using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;

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

    /// <summary>Use books with many characters the vocabulary cannot represent.</summary>
    public Option<bool> AllowUnrepresentable { get; } = new("--allow-unrepresentable")
    {
        Description = $"Use a book even when more than {UnrepresentableText.RefusalFraction * 100:F0}% of its characters are not representable in the vocabulary (above {UnrepresentableText.WarningFraction * 100:F0}% warns).",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Books);
        command.Options.Add(Ebooks);
        command.Options.Add(Cache);
        command.Options.Add(MaxCharacters);
        command.Options.Add(AllowUnrepresentable);
    }

    /// <summary>Reads the corpus the parsed options name; stops with an <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellation"/> is cancelled (Ctrl-C, SIGTERM), and reports reading progress.</summary>
    public TextCorpus Read(ParseResult parse, CancellationToken cancellation, IProgress<PreparationProgress>? progress = null)
    {
        cancellation.ThrowIfCancellationRequested();
        var documents = new List<CorpusDocument>();
        string[] books = parse.GetValue(Books) ?? [];
        if (books.Length > 0)
        {
            documents.AddRange(CorpusReader.Read(books, true, progress, cancellation));
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

    /// <summary>Applies <see cref="UnrepresentableText"/>: prints its warnings on <paramref name="console"/>'s error
    /// writer, and refuses a book above the limit unless <c>--allow-unrepresentable</c> was given.</summary>
    /// <exception cref="CorpusException">A book is mostly outside the vocabulary.</exception>
    public void CheckRepresentable(ParseResult parse, TextCorpus corpus, CharacterVocabulary vocabulary, CliConsole console, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (string warning in UnrepresentableText.Check(corpus, vocabulary, parse.GetValue(AllowUnrepresentable), cancellation))
        {
            console.Error.WriteLine(warning);
        }
    }
}
