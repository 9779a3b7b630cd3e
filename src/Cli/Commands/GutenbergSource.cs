using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>Downloads ebooks for the CLI through the cache.</summary>
internal static class GutenbergSource
{
    public static IEnumerable<CorpusDocument> Download(int[] ids, string? cache, CancellationToken cancellation)
    {
        var options = cache is null ? new GutenbergDownloadOptions() : new GutenbergDownloadOptions { CacheFolder = cache };
        using var downloader = new GutenbergDownloader(options);
        return ids.Select(id => downloader.Download(id, cancellation)).ToArray();
    }
}
