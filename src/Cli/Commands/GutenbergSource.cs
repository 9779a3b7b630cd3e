using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>Downloads ebooks for the CLI through the cache.</summary>
internal static class GutenbergSource
{
    /// <summary>Environment variable holding URL templates (space-separated; <c>{id}</c> and <c>{path}</c> are
    /// filled in) tried instead of Project Gutenberg's own: a mirror, or a local server in tests.</summary>
    public const string UrlTemplatesVariable = "LI_GUTENBERG_URLS";

    public static IEnumerable<CorpusDocument> Download(int[] ids, string? cache, CancellationToken cancellation)
    {
        var options = cache is null ? new GutenbergDownloadOptions() : new GutenbergDownloadOptions { CacheFolder = cache };
        if (Environment.GetEnvironmentVariable(UrlTemplatesVariable) is string templates && !string.IsNullOrWhiteSpace(templates))
        {
            options = options with { UrlTemplates = templates.Split(' ', StringSplitOptions.RemoveEmptyEntries) };
        }
        using var downloader = new GutenbergDownloader(options);
        return ids.Select(id => downloader.Download(id, cancellation)).ToArray();
    }
}
