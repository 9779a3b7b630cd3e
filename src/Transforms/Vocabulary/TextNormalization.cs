namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>Normalisations applied to every text before it is encoded.</summary>
public static class TextNormalization
{
    /// <summary>CRLF and lone CR become LF, so that books from every platform read alike.</summary>
    public static string NormalizeLineEndings(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
}
