using System.Globalization;
using System.Net;
using System.Text;

namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>
/// Fetches a Project Gutenberg book by ebook number, for users with a network. A book already in the
/// cache folder is read from there without any network access. Otherwise every URL template is tried
/// in order: a 404 (or another 4xx) moves on to the next one; a 5xx, 408, 429, connection failure or
/// timeout is retried with exponential back-off first. After a host stays unreachable, its other URLs
/// are skipped. The text is decoded (UTF-8, else Latin-1), stripped of the Gutenberg boilerplate and
/// written to the cache atomically (temporary file, then rename).
/// </summary>
public sealed class GutenbergDownloader : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a downloader.</summary>
    /// <param name="options">Mirrors, cache folder, retries and timeout; the defaults when null.</param>
    /// <param name="httpClient">The client to send requests with (not disposed by the downloader);
    /// a new one when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (every bad field is named).</exception>
    public GutenbergDownloader(GutenbergDownloadOptions? options = null, HttpClient? httpClient = null)
    {
        Options = options ?? new GutenbergDownloadOptions();
        Options.Validate();
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The options in use.</summary>
    public GutenbergDownloadOptions Options { get; }

    /// <summary>Where the book is (or will be) cached: <c>{CacheFolder}/pg{id}.txt</c>.</summary>
    public string CachePath(int ebookId) =>
        Path.Combine(Options.CacheFolder, $"pg{ebookId.ToString(CultureInfo.InvariantCulture)}.txt");

    /// <summary>Project Gutenberg's digit-folder path of a book: every digit but the last as a folder,
    /// then the number (12345 gives <c>1/2/3/4/12345</c>; numbers below 10 start with folder <c>0</c>).</summary>
    public static string DigitPath(int ebookId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ebookId, 1);
        string number = ebookId.ToString(CultureInfo.InvariantCulture);
        string digits = number.PadLeft(2, '0');
        return string.Join('/', digits[..^1].Select(digit => digit.ToString())) + "/" + number;
    }

    /// <summary>Fills <c>{id}</c> and <c>{path}</c> in a URL template.</summary>
    public static string ExpandTemplate(string template, int ebookId)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template
            .Replace("{id}", ebookId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{path}", DigitPath(ebookId), StringComparison.Ordinal);
    }

    /// <summary>Synchronous <see cref="DownloadAsync"/>.</summary>
    public CorpusDocument Download(int ebookId, CancellationToken cancellationToken = default) =>
        DownloadAsync(ebookId, cancellationToken).GetAwaiter().GetResult();

    /// <summary>The book's text, named <c>pg{id}</c>, from the cache or else from the first URL that has it.</summary>
    /// <exception cref="CorpusException">No URL gave the book (offline, or no mirror has it): the message
    /// names the ebook number, the URLs tried and the cache path where the file can be saved by hand;
    /// or the cached file has no text, or the cache cannot be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CorpusDocument> DownloadAsync(int ebookId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ebookId, 1);
        string cachePath = CachePath(ebookId);
        string name = $"pg{ebookId.ToString(CultureInfo.InvariantCulture)}";
        if (File.Exists(cachePath))
        {
            return new CorpusDocument(name, ReadCached(cachePath));
        }
        var tried = new List<string>();
        var unreachableHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string template in Options.UrlTemplates)
        {
            string url = ExpandTemplate(template, ebookId);
            string host = new Uri(url).Authority;
            if (unreachableHosts.Contains(host))
            {
                tried.Add($"{url} (skipped: host unreachable)");
                continue;
            }
            byte[]? bytes = await FetchWithRetriesAsync(url, tried, unreachableHosts, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                continue;
            }
            string body;
            try
            {
                body = GutenbergBoilerplate.Strip(CorpusReader.DecodeText(bytes, url));
            }
            catch (CorpusException error)
            {
                tried.Add($"{url} ({error.Message})");
                continue;
            }
            if (string.IsNullOrWhiteSpace(body))
            {
                tried.Add($"{url} (no text after removing the Project Gutenberg boilerplate)");
                continue;
            }
            WriteCache(cachePath, body);
            return new CorpusDocument(name, body);
        }
        throw new CorpusException(
            $"Cannot download Project Gutenberg ebook {ebookId} (offline, or no mirror has it). Tried: {string.Join("; ", tried)}. "
            + $"Save the book's plain-text file by hand as {cachePath} and it will be used without a network.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string ReadCached(string cachePath)
    {
        string body = GutenbergBoilerplate.Strip(CorpusReader.DecodeText(File.ReadAllBytes(cachePath), cachePath));
        return string.IsNullOrWhiteSpace(body)
            ? throw new CorpusException($"Cached book has no text: {cachePath}; delete it to download again.")
            : body;
    }

    private static void WriteCache(string cachePath, string body)
    {
        string folder = Path.GetDirectoryName(cachePath)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(cachePath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, body, Utf8NoBom);
            File.Move(temporary, cachePath, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
            throw new CorpusException($"Cannot write the cache file {cachePath}: {error.Message}", error);
        }
    }

    private async Task<byte[]?> FetchWithRetriesAsync(
        string url, List<string> tried, HashSet<string> unreachableHosts, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            Attempt result = await FetchOnceAsync(url, cancellationToken).ConfigureAwait(false);
            if (result.Body is not null)
            {
                return result.Body;
            }
            if (!result.Transient || attempt >= Options.MaxRetries)
            {
                tried.Add(attempt == 0 ? $"{url} ({result.Problem})" : $"{url} ({result.Problem}, {attempt + 1} tries)");
                if (result.Unreachable)
                {
                    unreachableHosts.Add(new Uri(url).Authority);
                }
                return null;
            }
            await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks(Options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt, 20)));

    private async Task<Attempt> FetchOnceAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd("LanguageInterpolation/1.0");
            using HttpResponseMessage response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new Attempt(await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false), "", false, false);
            }
            bool transient = status >= 500 || status is 408 or 429;
            return new Attempt(null, $"HTTP {status}", transient, Unreachable: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, $"timed out after {Options.Timeout.TotalSeconds:0.###} s", Transient: true, Unreachable: true);
        }
        catch (HttpRequestException error)
        {
            bool unreachable = error.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError;
            return new Attempt(null, error.Message, Transient: true, unreachable);
        }
        catch (IOException error)
        {
            // The connection broke while the body was being read.
            return new Attempt(null, error.Message, Transient: true, Unreachable: false);
        }
    }

    private readonly record struct Attempt(byte[]? Body, string Problem, bool Transient, bool Unreachable);
}
