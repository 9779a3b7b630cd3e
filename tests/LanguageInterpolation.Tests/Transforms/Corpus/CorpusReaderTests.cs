using System.Text;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Corpus;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Corpus;

public sealed class CorpusReaderTests : IDisposable
{
    private const string MarkedBook = "Header\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n{0}\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nLicence\n";

    private readonly string _folder = TestData.NewScratchFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_ExplicitPaths_ReadsInGivenOrderAndStrips()
    {
        string b = Write("b.txt", string.Format(MarkedBook, "Bee."));
        string a = Write("a.txt", "Ay.");

        TextCorpus corpus = CorpusReader.Read([b, a]);

        Assert.Equal(["b.txt", "a.txt"], corpus.Select(document => document.Name));
        Assert.Equal(["Bee.", "Ay."], corpus.Select(document => document.Text));
    }

    [Fact]
    public void Read_StripDisabled_KeepsBoilerplate()
    {
        string raw = string.Format(MarkedBook, "Bee.");
        string path = Write("b.txt", raw);

        Assert.Equal(raw, CorpusReader.Read([path], stripBoilerplate: false)[0].Text);
    }

    [Fact]
    public void Read_Folder_ReadsItsTxtFilesSortedAndNothingElse()
    {
        Write("z.txt", "Zed.");
        Write("m.txt", "Em.");
        Write("notes.md", "not a book");
        Write(Path.Combine("sub", "deep.txt"), "Deep.");

        TextCorpus corpus = CorpusReader.Read([_folder]);

        Assert.Equal(["m.txt", "z.txt"], corpus.Select(document => document.Name));
    }

    [Fact]
    public void Read_StarGlob_MatchesTopFolderOnly()
    {
        Write("one.txt", "One.");
        Write("two.txt", "Two.");
        Write("three.text", "Three.");
        Write(Path.Combine("sub", "deep.txt"), "Deep.");

        TextCorpus corpus = CorpusReader.Read([Path.Combine(_folder, "*.txt")]);

        Assert.Equal(["one.txt", "two.txt"], corpus.Select(document => document.Name));
    }

    [Fact]
    public void Read_DoubleStarGlob_MatchesEveryFolderLevel()
    {
        Write("top.txt", "Top.");
        Write(Path.Combine("a", "mid.txt"), "Mid.");
        Write(Path.Combine("a", "b", "deep.txt"), "Deep.");
        Write(Path.Combine("a", "b", "skip.md"), "No.");

        TextCorpus corpus = CorpusReader.Read([Path.Combine(_folder, "**", "*.txt")]);

        Assert.Equal(["Deep.", "Mid.", "Top."], corpus.Select(document => document.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_SameFileTwice_ReadsItOnce()
    {
        string path = Write("a.txt", "Ay.");

        TextCorpus corpus = CorpusReader.Read([_folder, path]);

        Assert.Single(corpus);
    }

    [Fact]
    public void Read_GlobMatchingNothing_ThrowsNamingTheGlob()
    {
        string glob = Path.Combine(_folder, "*.txt");

        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.Read([glob]));

        Assert.Equal($"No files match: {glob}", error.Message);
    }

    [Fact]
    public void Read_FolderWithoutTxtFiles_ThrowsNamingTheFolder()
    {
        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.Read([_folder]));

        Assert.Equal($"Folder has no .txt files: {_folder}", error.Message);
    }

    [Fact]
    public void Read_NoSources_Throws()
    {
        Assert.Throws<CorpusException>(() => CorpusReader.Read([]));
    }

    [Fact]
    public void ReadDocument_MissingFile_ThrowsNamingThePath()
    {
        string path = Path.Combine(_folder, "missing.txt");

        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.ReadDocument(path));

        Assert.Equal($"File not found: {path}", error.Message);
    }

    [Fact]
    public void ReadDocument_EmptyFile_ThrowsNamingThePath()
    {
        string path = Write("empty.txt", "");

        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.ReadDocument(path));

        Assert.Equal($"File is empty: {path}", error.Message);
    }

    [Fact]
    public void ReadDocument_WhiteSpaceOnlyFile_ThrowsWithoutBlamingBoilerplate()
    {
        string path = Write("blank.txt", " \n\n\t\n");

        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.ReadDocument(path));

        Assert.Equal($"File has no text (only white space): {path}", error.Message);
    }

    [Fact]
    public void ReadDocument_BinaryFile_ThrowsNamingThePath()
    {
        string path = Path.Combine(_folder, "image.txt");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01]);

        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.ReadDocument(path));

        Assert.Equal($"File is binary, not text (it contains NUL bytes): {path}", error.Message);
    }

    [Fact]
    public void ReadDocument_OnlyBoilerplate_ThrowsNamingThePath()
    {
        string path = Write("licence.txt", string.Format(MarkedBook, "\n   \n"));

        CorpusException error = Assert.Throws<CorpusException>(() => CorpusReader.ReadDocument(path));

        Assert.Equal($"File has no text after removing the Project Gutenberg header, footer and licence: {path}", error.Message);
    }

    [Fact]
    public void ReadDocument_Utf8WithByteOrderMark_DropsTheMark()
    {
        string path = Path.Combine(_folder, "bom.txt");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Größe")]);

        Assert.Equal("Größe", CorpusReader.ReadDocument(path).Text);
    }

    [Fact]
    public void ReadDocument_Latin1File_FallsBackToLatin1()
    {
        string path = Path.Combine(_folder, "latin1.txt");
        // 'K', 0xE4 (ä), 'f', 'e', 'r': 0xE4 followed by ASCII is invalid UTF-8.
        File.WriteAllBytes(path, [0x4B, 0xE4, 0x66, 0x65, 0x72]);

        Assert.Equal("Käfer", CorpusReader.ReadDocument(path).Text);
    }

    [Fact]
    public void ReadDocument_Utf16WithByteOrderMark_IsDecodedNotCalledBinary()
    {
        string path = Path.Combine(_folder, "utf16.txt");
        File.WriteAllBytes(path, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Über")]);

        Assert.Equal("Über", CorpusReader.ReadDocument(path).Text);
    }

    [Fact]
    public void Read_ShippedBooksFolder_ReadsAllFiveStripped()
    {
        TextCorpus corpus = CorpusReader.Read([Path.Combine(TestData.RepositoryRoot, "data", "gutenberg")]);

        Assert.Equal(
            [TestData.Alice, TestData.Pride, TestData.Verwandlung, TestData.Dunwich, TestData.TinyShakespeare],
            corpus.Select(document => document.Name));
        Assert.Equal(1_115_394, corpus[4].Text.Length);
        Assert.All(corpus, document => Assert.DoesNotContain("*** END OF", document.Text, StringComparison.Ordinal));
    }

    private string Write(string relativePath, string text)
    {
        string path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    // The streaming reader decodes in 1 MiB chunks: multi-byte characters straddle chunk boundaries.
    [Theory]
    [InlineData("utf8")]
    [InlineData("utf8-bom")]
    [InlineData("latin1")]
    [InlineData("latin1-after-a-megabyte")]
    public void ReadText_LargeFile_DecodesExactlyAsDecodeText(string kind)
    {
        string text = string.Concat(Enumerable.Repeat("Ça va? “Oui” — naïve 中文 ok\r\n", 40_000));
        byte[] bytes = kind switch
        {
            "utf8" => Encoding.UTF8.GetBytes(text),
            "utf8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "latin1" => Encoding.Latin1.GetBytes("Caf\u00e9 " + text.Replace("“", "\"").Replace("”", "\"").Replace("—", "-").Replace("中文", "zh")),
            _ => [.. Encoding.UTF8.GetBytes(text), 0xE9, (byte)'!'],
        };
        Assert.True(bytes.Length > 1 << 20);
        string path = Path.Combine(_folder, kind + ".txt");
        File.WriteAllBytes(path, bytes);

        string streamed = CorpusReader.ReadText(path);

        Assert.Equal(CorpusReader.DecodeText(bytes, path), streamed);
    }

    [Fact]
    public void ReadText_NulAfterTheFirstMegabyte_IsBinary()
    {
        string path = Path.Combine(_folder, "late-nul.txt");
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)'a', (1 << 20) + 10), 0, (byte)'b']);

        var error = Assert.Throws<CorpusException>(() => CorpusReader.ReadText(path));

        Assert.Contains("binary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Cancelled_ThrowsOperationCanceled()
    {
        string book = Write("book.txt", "Some text.");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => CorpusReader.Read([book], true, null, cancelled.Token));
    }

    [Fact]
    public void Read_WithProgress_ReportsReadingUpToTheWholeFile()
    {
        string book = Write("book.txt", "Some text.");
        var reports = new List<PreparationProgress>();

        CorpusReader.Read([book], true, new Recorder(reports.Add), CancellationToken.None);

        Assert.NotEmpty(reports);
        Assert.All(reports, report => Assert.Equal("reading", report.Stage));
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    private sealed class Recorder(Action<PreparationProgress> record) : IProgress<PreparationProgress>
    {
        public void Report(PreparationProgress value) => record(value);
    }
}
