namespace LanguageInterpolation.Pipelines.Persistence;

/// <summary>Tells a damaged zip (it begins like one) from a file that never was one.</summary>
public static class ZipSignature
{
    // "PK\x03\x04": the local file header that every non-empty zip begins with.
    private static readonly byte[] LocalFileHeader = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>True when the file at <paramref name="path"/> begins with a zip local file header.</summary>
    public static bool StartsWithZipHeader(string path)
    {
        using FileStream stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[LocalFileHeader.Length];
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(LocalFileHeader);
    }
}
