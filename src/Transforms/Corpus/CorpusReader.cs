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
    public static TextCorpus Read(IEnumerable<string> sources, bool stripBoilerplate = true)
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
                    documents.Add(ReadDocument(path, stripBoilerplate));
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
    public static CorpusDocument ReadDocument(string path, bool stripBoilerplate = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CorpusException($"File not found: {path}");
        }
        byte[] bytes = File.ReadAllBytes(path);
        string text = DecodeText(bytes, path);
        string body = stripBoilerplate ? GutenbergBoilerplate.Strip(text) : text;
        if (string.IsNullOrWhiteSpace(body))
        {
            string reason = stripBoilerplate && GutenbergBoilerplate.HasMarkers(text)
                ? " after removing the Project Gutenberg header, footer and licence"
                : " (only white space)";
            throw new CorpusException($"File has no text{reason}: {path}");
        }
        return new CorpusDocument(Path.GetFileName(path), body);
    }

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
