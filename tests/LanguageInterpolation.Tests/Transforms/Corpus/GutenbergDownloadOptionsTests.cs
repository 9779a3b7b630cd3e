using LanguageInterpolation.Transforms.Corpus;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Corpus;

public sealed class GutenbergDownloadOptionsTests
{
    [Fact]
    public void Ctor_Defaults_ArePinned()
    {
        var options = new GutenbergDownloadOptions();

        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.Equal(
            [
                "https://www.gutenberg.org/cache/epub/{id}/pg{id}.txt",
                "https://www.gutenberg.org/files/{id}/{id}-0.txt",
                "https://www.gutenberg.org/files/{id}/{id}.txt",
                "https://www.gutenberg.org/files/{id}/{id}-8.txt",
                "https://aleph.gutenberg.org/{path}/{id}-0.txt",
                "https://aleph.gutenberg.org/{path}/{id}.txt",
                "https://aleph.gutenberg.org/{path}/{id}-8.txt",
            ],
            options.UrlTemplates);
        Assert.EndsWith(Path.Combine("language-interpolation", "gutenberg"), options.CacheFolder, StringComparison.Ordinal);
        options.Validate();
    }

    [Fact]
    public void Validate_SeveralBadFields_OneExceptionNamesEveryField()
    {
        var options = new GutenbergDownloadOptions
        {
            UrlTemplates = ["https://example.org/book.txt", "ftp://example.org/{id}.txt"],
            CacheFolder = " ",
            MaxRetries = -1,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            Timeout = TimeSpan.Zero,
        };

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("'https://example.org/book.txt' must contain {id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ftp://example.org/{id}.txt' must be an absolute http or https URL", error.Message, StringComparison.Ordinal);
        foreach (string field in new[] { "CacheFolder", "MaxRetries", "RetryBaseDelay", "Timeout" })
        {
            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_NoTemplates_NamesUrlTemplates()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(new GutenbergDownloadOptions { UrlTemplates = [] }.Validate);

        Assert.Contains("UrlTemplates must hold at least one URL template", error.Message, StringComparison.Ordinal);
    }
}
