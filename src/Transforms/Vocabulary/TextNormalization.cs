namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>Normalisations applied to every text before it is encoded.</summary>
public static class TextNormalization
{
    /// <summary>CRLF and lone CR become LF, so that books from every platform read alike. One copy at most
    /// (books are hundreds of megabytes), none when the text has no CR.</summary>
    public static string NormalizeLineEndings(string text) => NormalizeLineEndings(text, CancellationToken.None);

    /// <summary><see cref="NormalizeLineEndings(string)"/>, stopping when <paramref name="cancellation"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static string NormalizeLineEndings(string text, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellation.ThrowIfCancellationRequested();
        int firstCarriageReturn = text.IndexOf('\r', StringComparison.Ordinal);
        if (firstCarriageReturn < 0)
        {
            return text;
        }
        int pairs = 0;
        for (int i = firstCarriageReturn; i < text.Length - 1; i++)
        {
            if (text[i] == '\r' && text[i + 1] == '\n')
            {
                pairs++;
            }
        }
        cancellation.ThrowIfCancellationRequested();
        return string.Create(text.Length - pairs, (Text: text, Cancellation: cancellation), static (destination, state) =>
        {
            string source = state.Text;
            int written = 0;
            for (int i = 0; i < source.Length; i++)
            {
                if ((i & 0x3FFFFF) == 0)
                {
                    state.Cancellation.ThrowIfCancellationRequested();
                }
                char character = source[i];
                if (character == '\r')
                {
                    if (i + 1 < source.Length && source[i + 1] == '\n')
                    {
                        continue;
                    }
                    character = '\n';
                }
                destination[written++] = character;
            }
        });
    }
}
