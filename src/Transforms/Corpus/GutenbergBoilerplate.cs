namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>
/// Removes the Project Gutenberg header, footer and licence around a book. Handles the 2023-24 format
/// (opening paragraph, indented "*** END OF ..." line), the 2025 format (starts at "Title:"), older
/// "*** START OF THIS ..." variants, and files with only the old one-line "End of the Project Gutenberg
/// EBook of ..." marker. A text with no marker at all (tinyshakespeare) is kept whole.
/// </summary>
public static class GutenbergBoilerplate
{
    private static readonly string[] StartMarkers = ["*** START OF", "***START OF", "*END*THE SMALL PRINT"];
    private static readonly string[] EndMarkers =
        ["*** END OF", "***END OF", "End of the Project Gutenberg", "End of Project Gutenberg", "End of this Project Gutenberg"];
    private static readonly string[] CreditOpenings = ["Produced by", "E-text prepared by", "Transcribed from", "This etext was"];

    /// <summary>The book text between the boilerplate, with surrounding blank lines removed.</summary>
    public static string Strip(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string[] lines = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int start = FindStart(lines);
        int end = FindEnd(lines, start);
        int first = SkipCredits(lines, start, end);
        return string.Join('\n', lines[first..end]).Trim('\n', ' ', '\t');
    }

    /// <summary>True when the text carries any start or end marker.</summary>
    public static bool HasMarkers(string raw) =>
        raw.AsSpan().IndexOf("PROJECT GUTENBERG", StringComparison.OrdinalIgnoreCase) >= 0
        && (StartMarkers.Concat(EndMarkers).Any(marker => raw.Contains(marker, StringComparison.OrdinalIgnoreCase)));

    private static int FindStart(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            if (ContainsAny(lines[i], StartMarkers) && (lines[i].Contains("GUTENBERG", StringComparison.OrdinalIgnoreCase) || lines[i].Contains("SMALL PRINT", StringComparison.OrdinalIgnoreCase)))
            {
                return i + 1;
            }
        }
        return 0;
    }

    private static int FindEnd(string[] lines, int start)
    {
        for (int i = start; i < lines.Length; i++)
        {
            if (ContainsAny(lines[i], EndMarkers) && lines[i].Contains("GUTENBERG", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return lines.Length;
    }

    // The original drops a "Produced by ..." credit paragraph right after the start marker: it is not book text.
    private static int SkipCredits(string[] lines, int start, int end)
    {
        int i = start;
        while (i < end && string.IsNullOrWhiteSpace(lines[i]))
        {
            i++;
        }
        if (i < end && CreditOpenings.Any(opening => lines[i].TrimStart().StartsWith(opening, StringComparison.OrdinalIgnoreCase)))
        {
            while (i < end && !string.IsNullOrWhiteSpace(lines[i]))
            {
                i++;
            }
            return i;
        }
        return start;
    }

    private static bool ContainsAny(string line, string[] markers) =>
        markers.Any(marker => line.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
