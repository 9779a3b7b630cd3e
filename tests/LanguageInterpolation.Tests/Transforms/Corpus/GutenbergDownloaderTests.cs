using System.Text;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Corpus;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Corpus;

// Every test talks HTTP to a real server on 127.0.0.1 (LoopbackHttpServer), never to a mock.
public sealed class GutenbergDownloaderTests : IDisposable
{
    private const int EbookId = 12345;
    private const string BookBody = "Chapter 1\n\nIt was a dark night.";
    private const string RawBook =
        "The Project Gutenberg eBook of Test Book\n\nTitle: Test Book\n\n"
        + "*** START OF THE PROJECT GUTENBERG EBOOK TEST BOOK ***\n\nProduced by Someone\n\n"
        + BookBody + "\n\n    *** END OF THE PROJECT GUTENBERG EBOOK TEST BOOK ***\n\nSection 1. Project Gutenberg licence.\n";

    private readonly string _cacheFolder = TestData.NewScratchFolder();

    public void Dispose() => Directory.Delete(_cacheFolder, recursive: true);

    [Fact]
    public async Task DownloadAsync_FirstVariantNotFound_UsesSecondVariantAndCachesStrippedText()
    {
        using var server = new LoopbackHttpServer(path =>
            path == "/files/12345/12345-0.txt" ? LoopbackResponse.Text(RawBook) : LoopbackResponse.NotFound);
        using var downloader = new GutenbergDownloader(Options(
            $"{server.BaseUrl}/cache/epub/{{id}}/pg{{id}}.txt", $"{server.BaseUrl}/files/{{id}}/{{id}}-0.txt"));

        CorpusDocument document = await downloader.DownloadAsync(EbookId);

        Assert.Equal("pg12345", document.Name);
        Assert.Equal(BookBody, document.Text);
        Assert.Equal(["/cache/epub/12345/pg12345.txt", "/files/12345/12345-0.txt"], server.Requests);
        string cachePath = Path.Combine(_cacheFolder, "pg12345.txt");
        Assert.Equal(cachePath, downloader.CachePath(EbookId));
        Assert.Equal(BookBody, File.ReadAllText(cachePath));
        // Atomic write: no temporary file is left next to the cached book.
        Assert.Equal([cachePath], Directory.GetFiles(_cacheFolder));
    }

    [Fact]
    public async Task DownloadAsync_DigitPathTemplate_RequestsMirrorLayout()
    {
        using var server = new LoopbackHttpServer(_ => LoopbackResponse.Text(RawBook));
        using var downloader = new GutenbergDownloader(Options($"{server.BaseUrl}/{{path}}/{{id}}-0.txt"));

        await downloader.DownloadAsync(EbookId);

        Assert.Equal(["/1/2/3/4/12345/12345-0.txt"], server.Requests);
    }

    [Fact]
    public async Task DownloadAsync_ServerAnswers503ThenOk_RetriesSameUrlAndSucceeds()
    {
        int calls = 0;
        using var server = new LoopbackHttpServer(_ =>
            Interlocked.Increment(ref calls) == 1 ? new LoopbackResponse(503, "busy"u8.ToArray()) : LoopbackResponse.Text(RawBook));
        using var downloader = new GutenbergDownloader(Options($"{server.BaseUrl}/files/{{id}}/{{id}}.txt"));

        CorpusDocument document = await downloader.DownloadAsync(EbookId);

        Assert.Equal(BookBody, document.Text);
        Assert.Equal(["/files/12345/12345.txt", "/files/12345/12345.txt"], server.Requests);
    }

    [Fact]
    public async Task DownloadAsync_ServerAlways500_ThrowsNamingIdUrlsAndCachePath()
    {
        using var server = new LoopbackHttpServer(_ => new LoopbackResponse(500, "broken"u8.ToArray()));
        string first = $"{server.BaseUrl}/cache/epub/{{id}}/pg{{id}}.txt";
        string second = $"{server.BaseUrl}/files/{{id}}/{{id}}-8.txt";
        using var downloader = new GutenbergDownloader(Options(first, second) with { MaxRetries = 2 });

        CorpusException error = await Assert.ThrowsAsync<CorpusException>(() => downloader.DownloadAsync(EbookId));

        // 1 try + 2 retries on each of the two URLs (a 500 does not mark the host unreachable).
        Assert.Equal(6, server.Requests.Count);
        Assert.Contains("ebook 12345", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{server.BaseUrl}/cache/epub/12345/pg12345.txt (HTTP 500, 3 tries)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{server.BaseUrl}/files/12345/12345-8.txt (HTTP 500, 3 tries)", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_cacheFolder, "pg12345.txt"), error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_cacheFolder));
    }

    [Fact]
    public async Task DownloadAsync_NothingListening_ThrowsAndSkipsTheUnreachableHost()
    {
        string baseUrl = $"http://127.0.0.1:{LoopbackHttpServer.ClosedPort()}";
        using var downloader = new GutenbergDownloader(Options($"{baseUrl}/a/{{id}}.txt", $"{baseUrl}/b/{{id}}.txt") with { MaxRetries = 1 });

        CorpusException error = await Assert.ThrowsAsync<CorpusException>(() => downloader.DownloadAsync(EbookId));

        Assert.Contains("ebook 12345", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{baseUrl}/a/12345.txt (", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{baseUrl}/b/12345.txt (skipped: host unreachable)", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_cacheFolder, "pg12345.txt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_ServerSlowerThanTimeout_RetriesThenReportsTimeout()
    {
        using var server = new LoopbackHttpServer(_ => new LoopbackResponse(200, Encoding.UTF8.GetBytes(RawBook), TimeSpan.FromSeconds(5)));
        using var downloader = new GutenbergDownloader(
            Options($"{server.BaseUrl}/{{id}}.txt") with { MaxRetries = 1, Timeout = TimeSpan.FromMilliseconds(150) });

        CorpusException error = await Assert.ThrowsAsync<CorpusException>(() => downloader.DownloadAsync(EbookId));

        // The message counts the client's attempts; the server may not have logged the second request
        // yet when the client gives up on it (it answers only after 5 s).
        Assert.Contains($"{server.BaseUrl}/12345.txt (timed out after 0.15 s, 2 tries)", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task DownloadAsync_BookAlreadyCached_ReadsCacheWithoutNetwork()
    {
        using var server = new LoopbackHttpServer(_ => LoopbackResponse.Text(RawBook));
        GutenbergDownloadOptions options = Options($"{server.BaseUrl}/{{id}}.txt");
        using (var first = new GutenbergDownloader(options))
        {
            await first.DownloadAsync(EbookId);
        }
        server.Stop();
        int requestsBefore = server.Requests.Count;

        using var second = new GutenbergDownloader(options);
        CorpusDocument document = await second.DownloadAsync(EbookId);

        Assert.Equal(BookBody, document.Text);
        Assert.Equal(1, requestsBefore);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Download_RawFileDroppedInCacheByHand_IsStrippedAndUsedOffline()
    {
        File.WriteAllText(Path.Combine(_cacheFolder, "pg777.txt"), RawBook.Replace("\n", "\r\n", StringComparison.Ordinal));
        using var downloader = new GutenbergDownloader(Options($"http://127.0.0.1:{LoopbackHttpServer.ClosedPort()}/{{id}}.txt"));

        CorpusDocument document = downloader.Download(777);

        Assert.Equal("pg777", document.Name);
        Assert.Equal(BookBody, document.Text);
    }

    [Fact]
    public async Task DownloadAsync_Latin1EncodedFile_DecodesAccentedLetters()
    {
        // "Käfer" and "Größe" in Latin-1: ä = 0xE4, ö = 0xF6, ß = 0xDF; not valid UTF-8.
        const string body = "Ein ungeheures Ungeziefer, ein Käfer von Größe.";
        byte[] latin1 = Encoding.Latin1.GetBytes("*** START OF THE PROJECT GUTENBERG EBOOK X ***\n" + body + "\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n");
        Assert.Contains((byte)0xE4, latin1);
        using var server = new LoopbackHttpServer(_ => new LoopbackResponse(200, latin1));
        using var downloader = new GutenbergDownloader(Options($"{server.BaseUrl}/{{id}}-8.txt"));

        CorpusDocument document = await downloader.DownloadAsync(22367);

        Assert.Equal(body, document.Text);
        // The cache holds UTF-8: reading it as UTF-8 gives the same text.
        Assert.Equal(body, File.ReadAllText(Path.Combine(_cacheFolder, "pg22367.txt"), Encoding.UTF8));
    }

    [Fact]
    public async Task DownloadAsync_OkResponseOnlyBoilerplate_MovesToNextUrl()
    {
        const string onlyBoilerplate = "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n";
        using var server = new LoopbackHttpServer(path =>
            path.StartsWith("/empty/", StringComparison.Ordinal) ? LoopbackResponse.Text(onlyBoilerplate) : LoopbackResponse.Text(RawBook));
        using var downloader = new GutenbergDownloader(Options($"{server.BaseUrl}/empty/{{id}}.txt", $"{server.BaseUrl}/full/{{id}}.txt"));

        CorpusDocument document = await downloader.DownloadAsync(EbookId);

        Assert.Equal(BookBody, document.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task DownloadAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var server = new LoopbackHttpServer(_ => LoopbackResponse.Text(RawBook));
        using var downloader = new GutenbergDownloader(Options($"{server.BaseUrl}/{{id}}.txt"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => downloader.DownloadAsync(EbookId, cancelled.Token));
        Assert.False(File.Exists(downloader.CachePath(EbookId)));
    }

    [Fact]
    public async Task DownloadAsync_InjectedHttpClient_IsUsedAndNotDisposed()
    {
        using var server = new LoopbackHttpServer(_ => LoopbackResponse.Text(RawBook));
        using var client = new HttpClient();
        using (var downloader = new GutenbergDownloader(Options($"{server.BaseUrl}/{{id}}.txt"), client))
        {
            await downloader.DownloadAsync(EbookId);
        }

        // Still usable after the downloader is disposed.
        string text = await client.GetStringAsync($"{server.BaseUrl}/again");
        Assert.Equal(RawBook, text);
    }

    [Theory]
    [InlineData(1, "0/1")]
    [InlineData(11, "1/11")]
    [InlineData(1342, "1/3/4/1342")]
    [InlineData(12345, "1/2/3/4/12345")]
    public void DigitPath_EbookNumber_GivesDigitFolders(int ebookId, string expected) =>
        Assert.Equal(expected, GutenbergDownloader.DigitPath(ebookId));

    [Fact]
    public void ExpandTemplate_IdAndPathPlaceholders_AreBothFilled() =>
        Assert.Equal(
            "https://aleph.gutenberg.org/5/0/1/3/50133/50133-0.txt",
            GutenbergDownloader.ExpandTemplate("https://aleph.gutenberg.org/{path}/{id}-0.txt", 50133));

    [Fact]
    public async Task DownloadAsync_NonPositiveId_ThrowsArgumentOutOfRange()
    {
        using var downloader = new GutenbergDownloader(Options("http://127.0.0.1:1/{id}.txt"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => downloader.DownloadAsync(0));
    }

    private GutenbergDownloadOptions Options(params string[] templates) => new()
    {
        UrlTemplates = templates,
        CacheFolder = _cacheFolder,
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        Timeout = TimeSpan.FromSeconds(10),
    };
}
