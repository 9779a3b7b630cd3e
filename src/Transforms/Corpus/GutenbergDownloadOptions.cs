namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>Where and how <see cref="GutenbergDownloader"/> fetches Project Gutenberg books.</summary>
public sealed record GutenbergDownloadOptions
{
    /// <summary>Default retries per URL after a server error or a timeout.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Default wait before the first retry; each further retry waits twice as long.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default limit for one HTTP request, response body included.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The URLs tried by default, in order: Project Gutenberg's current plain-text location, the classic
    /// <c>files/</c> names (<c>-0</c> UTF-8, plain ASCII, <c>-8</c> Latin-1), then the same names on the
    /// aleph mirror's digit-folder layout.
    /// </summary>
    public static IReadOnlyList<string> DefaultUrlTemplates { get; } =
    [
        "https://www.gutenberg.org/cache/epub/{id}/pg{id}.txt",
        "https://www.gutenberg.org/files/{id}/{id}-0.txt",
        "https://www.gutenberg.org/files/{id}/{id}.txt",
        "https://www.gutenberg.org/files/{id}/{id}-8.txt",
        "https://aleph.gutenberg.org/{path}/{id}-0.txt",
        "https://aleph.gutenberg.org/{path}/{id}.txt",
        "https://aleph.gutenberg.org/{path}/{id}-8.txt",
    ];

    /// <summary>
    /// URL templates tried in order. <c>{id}</c> is the ebook number; <c>{path}</c> is Project
    /// Gutenberg's digit-folder path: every digit but the last as a folder, then the number
    /// (12345 gives <c>1/2/3/4/12345</c>, 11 gives <c>1/11</c>, 5 gives <c>0/5</c>).
    /// <value><see cref="DefaultUrlTemplates"/></value>
    /// </summary>
    public IReadOnlyList<string> UrlTemplates { get; init; } = DefaultUrlTemplates;

    /// <summary>
    /// Folder of downloaded books, one <c>pg{id}.txt</c> file each (UTF-8, boilerplate removed). A book
    /// found there is never downloaded; a file dropped there by hand is used as it is.
    /// <value><c>$XDG_CACHE_HOME/language-interpolation/gutenberg</c>, else <c>~/.cache/language-interpolation/gutenberg</c></value>
    /// </summary>
    public string CacheFolder { get; init; } = DefaultCacheFolder();

    /// <summary>Retries per URL after a 5xx status, 408, 429, a connection failure or a timeout.
    /// <value>3</value></summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>Wait before the first retry; retry k waits <c>RetryBaseDelay * 2^k</c>. <value>1 s</value></summary>
    public TimeSpan RetryBaseDelay { get; init; } = DefaultRetryBaseDelay;

    /// <summary>Limit for one HTTP request, response body included. <value>60 s</value></summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The default cache folder for this user.</summary>
    public static string DefaultCacheFolder()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "language-interpolation", "gutenberg");
    }

    /// <summary>Throws one <see cref="ArgumentException"/> that names every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (UrlTemplates is null || UrlTemplates.Count == 0)
        {
            problems.Add($"{nameof(UrlTemplates)} must hold at least one URL template");
        }
        else
        {
            foreach (string template in UrlTemplates)
            {
                if (string.IsNullOrWhiteSpace(template) || !template.Contains("{id}", StringComparison.Ordinal))
                {
                    problems.Add($"{nameof(UrlTemplates)} entry '{template}' must contain {{id}}");
                }
                else if (!Uri.TryCreate(GutenbergDownloader.ExpandTemplate(template, 1), UriKind.Absolute, out Uri? uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    problems.Add($"{nameof(UrlTemplates)} entry '{template}' must be an absolute http or https URL");
                }
            }
        }
        if (string.IsNullOrWhiteSpace(CacheFolder))
        {
            problems.Add($"{nameof(CacheFolder)} must be set");
        }
        if (MaxRetries < 0)
        {
            problems.Add($"{nameof(MaxRetries)} must be at least 0 (got {MaxRetries})");
        }
        if (RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add($"{nameof(RetryBaseDelay)} must not be negative (got {RetryBaseDelay})");
        }
        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(Timeout)} must be positive (got {Timeout})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid download options: " + string.Join("; ", problems) + ".");
        }
    }
}
