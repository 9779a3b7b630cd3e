using System.Text;

namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>Reads local text files (paths, folders, or globs such as <c>books/*.txt</c> and
/// <c>books/**/*.txt</c>) into a <see cref="TextCorpus"/>, stripping Project Gutenberg boilerplate.</summary>
public static class CorpusReader
{
    /// <summary>Reads every file the sources name, in sorted order within each source. A file named by
    /// several sources (a folder and one of its files) is read once, where it first appears.</summary>
    /// <exception cref="CorpusException">A source matches nothing, or a file is missing, empty, binary,
    /// or has no text left after removing the Project Gutenberg boilerplate.</exception>
    public static TextCorpus Read(IEnumerable<string> sources, bool stripBoilerplate = true) =>
        Read(sources, stripBoilerplate, null, CancellationToken.None);

    /// <summary>Reads every file the sources name (see <see cref="Read(IEnumerable{string}, bool)"/>),
    /// reporting progress and stopping when cancelled.</summary>
    /// <exception cref="CorpusException">As <see cref="Read(IEnumerable{string}, bool)"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static TextCorpus Read(IEnumerable<string> sources, bool stripBoilerplate, IProgress<PreparationProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var documents = new List<CorpusDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string source in sources)
        {
            foreach (string path in Expand(source))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    documents.Add(ReadDocument(path, stripBoilerplate, progress, cancellation));
                }
            }
        }
        if (documents.Count == 0)
        {
            throw new CorpusException("No input files were given.");
        }
        return new TextCorpus(documents);
    }

    /// <summary>Reads one file as a document named after the file.</summary>
    /// <exception cref="CorpusException">The file is missing, empty, binary, or has no text.</exception>
    public static CorpusDocument ReadDocument(string path, bool stripBoilerplate = true) =>
        ReadDocument(path, stripBoilerplate, null, CancellationToken.None);

    /// <summary>Reads one file as a document named after the file, streaming it: the file's bytes are never
    /// held whole, only the decoded text (see <see cref="ReadText"/>).</summary>
    /// <exception cref="CorpusException">The file is missing, empty, binary, or has no text.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static CorpusDocument ReadDocument(string path, bool stripBoilerplate, IProgress<PreparationProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CorpusException($"File not found: {path}");
        }
        string body = stripBoilerplate
            ? GutenbergBoilerplate.Strip(ReadText(path, progress, cancellation), cancellation)
            : ReadText(path, progress, cancellation);
        if (string.IsNullOrWhiteSpace(body))
        {
            // Read again only to explain: keeping the raw text alive beside the body would double the peak.
            string reason = stripBoilerplate && GutenbergBoilerplate.HasMarkers(ReadText(path, null, cancellation))
                ? " after removing the Project Gutenberg header, footer and licence"
                : " (only white space)";
            throw new CorpusException($"File has no text{reason}: {path}");
        }
        return new CorpusDocument(Path.GetFileName(path), body);
    }

    /// <summary>
    /// Decodes a file as <see cref="DecodeText"/> does, in two streaming passes (validate and count, then
    /// decode straight into the string), so that the peak is the text itself plus a small buffer.
    /// </summary>
    /// <exception cref="CorpusException">The file is empty, binary, or too long for one string.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static string ReadText(string path, IProgress<PreparationProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new CorpusException($"File is empty: {path}");
        }
        var buffer = new byte[StreamBufferBytes];
        int head;
        using (FileStream stream = File.OpenRead(path))
        {
            head = stream.ReadAtLeast(buffer.AsSpan(0, 3), 3, throwOnEndOfStream: false);
        }
        if (buffer.AsSpan(0, head) is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return DecodeText(File.ReadAllBytes(path), path); // UTF-16: rare, and never hundreds of megabytes
        }
        int skip = buffer.AsSpan(0, head) is [0xEF, 0xBB, 0xBF] ? 3 : 0;
        string name = Path.GetFileName(path);
        long characters = CountCharacters(path, skip, length, buffer, out bool utf8, progress, name, cancellation);
        if (!utf8)
        {
            (skip, characters) = (0, length); // Latin-1 reads every byte, a would-be byte-order mark included
        }
        if (characters > MaxStringLength)
        {
            throw new CorpusException($"File is too large for one text ({characters:N0} characters; at most {MaxStringLength:N0}): split it into several files: {path}");
        }
        string text = string.Create((int)characters, (Path: path, Skip: skip, Utf8: utf8, Length: length, Name: name, Progress: progress, Cancellation: cancellation),
            static (destination, state) =>
            {
                var bytes = new byte[StreamBufferBytes];
                Decoder decoder = (state.Utf8 ? new UTF8Encoding(false, true) : Encoding.Latin1).GetDecoder();
                using FileStream stream = File.OpenRead(state.Path);
                stream.Position = state.Skip;
                int written = 0;
                int read;
                while ((read = stream.Read(bytes)) > 0)
                {
                    state.Cancellation.ThrowIfCancellationRequested();
                    written += decoder.GetChars(bytes.AsSpan(0, read), destination[written..], flush: false);
                    state.Progress?.Report(new PreparationProgress("reading", state.Name, state.Length + stream.Position, 2 * state.Length));
                }
                decoder.GetChars([], destination[written..], flush: true);
            });
        return text.StartsWith('\uFEFF') ? text.TrimStart('\uFEFF') : text;
    }

    // Pass 1: refuses NUL bytes, checks that the bytes are UTF-8 (else they are read as Latin-1) and counts the characters.
    private static long CountCharacters(string path, int skip, long length, byte[] buffer, out bool utf8, IProgress<PreparationProgress>? progress, string name,
        CancellationToken cancellation)
    {
        Decoder? decoder = new UTF8Encoding(false, true).GetDecoder();
        var scratch = new char[buffer.Length];
        long characters = 0;
        using FileStream stream = File.OpenRead(path);
        stream.Position = skip;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
            if (chunk.Contains((byte)0))
            {
                throw new CorpusException($"File is binary, not text (it contains NUL bytes): {path}");
            }
            if (decoder is not null)
            {
                try
                {
                    characters += Convert(decoder, chunk, scratch, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    decoder = null; // older Gutenberg files are Latin-1; every byte sequence is valid there
                }
            }
            progress?.Report(new PreparationProgress("reading", name, stream.Position, 2 * length));
        }
        if (decoder is not null)
        {
            try
            {
                characters += Convert(decoder, [], scratch, flush: true);
            }
            catch (DecoderFallbackException)
            {
                decoder = null;
            }
        }
        utf8 = decoder is not null;
        return characters;
    }

    // Decodes into a scratch buffer only to count: unlike GetCharCount, Convert carries a character split
    // between two chunks over to the next call.
    private static long Convert(Decoder decoder, ReadOnlySpan<byte> bytes, Span<char> scratch, bool flush)
    {
        long characters = 0;
        bool completed;
        do
        {
            decoder.Convert(bytes, scratch, flush, out int bytesUsed, out int charsUsed, out completed);
            bytes = bytes[bytesUsed..];
            characters += charsUsed;
        }
        while (!completed && !bytes.IsEmpty);
        return characters;
    }

    // Bytes read at a time while streaming a file.
    private const int StreamBufferBytes = 1 << 20;

    // The longest string .NET allocates.
    private const int MaxStringLength = 0x3FFFFFDF;

    /// <summary>Decodes UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, and
    /// falls back to Latin-1 for bytes that are not valid UTF-8 (older Gutenberg files). Refuses empty
    /// and binary content; <paramref name="origin"/> (a path or URL) is named in the error.</summary>
    /// <exception cref="CorpusException">The bytes are empty or hold NUL bytes outside UTF-16.</exception>
    public static string DecodeText(byte[] bytes, string origin)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new CorpusException($"File is empty: {origin}");
        }
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            Encoding utf16 = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            string wide = utf16.GetString(bytes, 2, bytes.Length - 2);
            return wide.Contains('\0', StringComparison.Ordinal)
                ? throw new CorpusException($"File is binary, not text (it contains NUL characters): {origin}")
                : wide;
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new CorpusException($"File is binary, not text (it contains NUL bytes): {origin}");
        }
        try
        {
            string text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            // Older Gutenberg files are Latin-1; every byte sequence is valid there.
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static IEnumerable<string> Expand(string source)
    {
        if (Directory.Exists(source))
        {
            string[] files = Directory.GetFiles(source, "*.txt", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();
            return files.Length > 0 ? files : throw new CorpusException($"Folder has no .txt files: {source}");
        }
        if (source.IndexOfAny(['*', '?']) < 0)
        {
            return [source];
        }
        string directory = Path.GetDirectoryName(source) is { Length: > 0 } parent ? parent : ".";
        string pattern = Path.GetFileName(source);
        SearchOption depth = SearchOption.TopDirectoryOnly;
        if (directory.EndsWith("**", StringComparison.Ordinal))
        {
            directory = Path.GetDirectoryName(directory) is { Length: > 0 } root ? root : ".";
            depth = SearchOption.AllDirectories;
        }
        string[] matches = Directory.Exists(directory)
            ? Directory.GetFiles(directory, pattern, depth).Order(StringComparer.Ordinal).ToArray()
            : [];
        return matches.Length > 0 ? matches : throw new CorpusException($"No files match: {source}");
    }
}
