namespace LanguageInterpolation.Tests.Support;

/// <summary>Paths of the books shipped under <c>data/gutenberg</c> and of scratch folders.</summary>
public static class TestData
{
    /// <summary>The Dunwich Horror (PG 50133), 2023-24 Gutenberg format.</summary>
    public const string Dunwich = "pg50133-dunwich-horror.txt";

    /// <summary>Alice's Adventures in Wonderland (PG 11).</summary>
    public const string Alice = "pg11-alice-in-wonderland.txt";

    /// <summary>Pride and Prejudice (PG 1342), 2025 Gutenberg format.</summary>
    public const string Pride = "pg1342-pride-and-prejudice.txt";

    /// <summary>Die Verwandlung (PG 22367), German, only an old one-line end marker.</summary>
    public const string Verwandlung = "pg22367-die-verwandlung-de.txt";

    /// <summary>tinyshakespeare, no Gutenberg markers.</summary>
    public const string TinyShakespeare = "tinyshakespeare-input.txt";

    /// <summary>The repository root (the folder holding the solution file).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Full path of a shipped book.</summary>
    public static string Book(string fileName) => Path.Combine(RepositoryRoot, "data", "gutenberg", fileName);

    /// <summary>A new empty folder under the system temp folder, for one test.</summary>
    public static string NewScratchFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "li-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRoot()
    {
        for (string? folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "LanguageInterpolation.slnx")))
            {
                return folder;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
