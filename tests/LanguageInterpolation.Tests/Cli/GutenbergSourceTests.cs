using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

/// <summary><c>--ebook</c> end to end: the command line downloads a book from a fake Project Gutenberg (a real
/// HTTP server on 127.0.0.1, named through <c>LI_GUTENBERG_URLS</c>), caches it, and reads it back offline.</summary>
// The URL variable is process-wide: the collection keeps tests that set it from running beside each other.
[Collection(nameof(GutenbergSourceTests))]
public sealed class GutenbergSourceTests
{
    private const string UrlsVariable = "LI_GUTENBERG_URLS";
    private const string Body = "Chapter 1\n\nThe keeper of the bridge spoke to nobody at night.";
    private const string RawBook =
        "The Project Gutenberg eBook of Test Book\n\n*** START OF THE PROJECT GUTENBERG EBOOK TEST BOOK ***\n\n"
        + Body + "\n\n*** END OF THE PROJECT GUTENBERG EBOOK TEST BOOK ***\n\nSection 1. Project Gutenberg licence.\n";

    [Fact]
    public void Corpus_Ebook_DownloadsStripsAndCachesTheBookThenReadsTheCacheOffline()
    {
        string cache = TestData.NewScratchFolder();
        var server = new LoopbackHttpServer(path => path == "/files/4242/4242-0.txt" ? LoopbackResponse.Text(RawBook) : LoopbackResponse.NotFound);
        (int ExitCode, string Output, string Error) online;
        (int ExitCode, string Output, string Error) offline;
        try
        {
            Environment.SetEnvironmentVariable(UrlsVariable, $"{server.BaseUrl}/cache/{{id}}.txt {server.BaseUrl}/files/{{id}}/{{id}}-0.txt");
            online = CliRun.Run("corpus", "--ebook", "4242", "--gutenberg-cache", cache);
            server.Stop();
            offline = CliRun.Run("corpus", "--ebook", "4242", "--gutenberg-cache", cache);
        }
        finally
        {
            Environment.SetEnvironmentVariable(UrlsVariable, null);
            server.Dispose();
        }

        Assert.Equal(ExitCodes.Success, online.ExitCode);
        Assert.Equal(["/cache/4242.txt", "/files/4242/4242-0.txt"], server.Requests); // both templates, in order, once
        Assert.Equal(Body, File.ReadAllText(Path.Combine(cache, "pg4242.txt")));
        Assert.Contains("pg4242", online.Output, StringComparison.Ordinal);
        Assert.Contains($"1 book(s): {Body.Length:N0} characters", online.Output, StringComparison.Ordinal); // boilerplate gone
        Assert.Equal(ExitCodes.Success, offline.ExitCode);
        Assert.Equal(online.Output, offline.Output);
    }

    [Fact]
    public void Corpus_EbookNoServerHas_ExitsWithOneLineNamingTheEbookAndTheCachePath()
    {
        string cache = TestData.NewScratchFolder();
        using var server = new LoopbackHttpServer(_ => LoopbackResponse.NotFound);
        (int ExitCode, string Output, string Error) result;
        try
        {
            Environment.SetEnvironmentVariable(UrlsVariable, $"{server.BaseUrl}/files/{{id}}.txt");
            result = CliRun.Run("corpus", "--ebook", "4242", "--gutenberg-cache", cache);
        }
        finally
        {
            Environment.SetEnvironmentVariable(UrlsVariable, null);
        }

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("ebook 4242", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(cache, "pg4242.txt"), result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(cache));
    }
}
