using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>Downloads ebooks for the CLI (placeholder until the downloader lands).</summary>
internal static class GutenbergSource
{
    public static IEnumerable<CorpusDocument> Download(int[] ids, string? cache, CancellationToken cancellation) =>
        throw new CorpusException($"Downloading ebook {ids[0]} is not available in this build{(cache is null ? "" : " (cache " + cache + ")")}.");
}
