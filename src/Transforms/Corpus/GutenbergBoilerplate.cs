namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>
/// Removes the Project Gutenberg header, footer and licence around a book. Handles the 2023-24 format
/// (opening paragraph, indented "*** END OF ..." line), the 2025 format (starts at "Title:"), older
/// "*** START OF THIS ..." and "*END*THE SMALL PRINT" variants, files with only the old one-line
/// "End of the Project Gutenberg EBook of ..." marker, and the "&lt;&lt;THIS ELECTRONIC VERSION OF ..."
/// notices that older editions repeat inside the text. Markers are found anywhere in a line (they
/// are often indented). A text with no marker at all (tinyshakespeare) is kept whole.
/// </summary>
public static class GutenbergBoilerplate
{
    private static readonly string[] StartMarkers =
        ["*** START OF", "***START OF", "*END*THE SMALL PRINT", "*END THE SMALL PRINT"];
    private static readonly string[] EndMarkers =
        ["*** END OF", "***END OF", "End of the Project Gutenberg", "End of Project Gutenberg", "End of this Project Gutenberg"];
    private static readonly string[] CreditOpenings = ["Produced by", "E-text prepared by", "Transcribed from", "This etext was"];
    private const string NoticeStart = "<<THIS ELECTRONIC VERSION OF";
    private const string NoticeEnd = "SERVICE THAT CHARGES FOR DOWNLOAD";

    /// <summary>
    /// The book text between the boilerplate, with line endings normalised to LF and the blank lines
    /// around it removed. The first kept line keeps its indentation. Stripping twice changes nothing.
    /// </summary>
    public static string Strip(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string text = raw.Contains('\r', StringComparison.Ordinal)
            ? raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : raw;
        string[] lines = text.Split('\n');
        int? startMarker = FindStart(lines);
        int start = startMarker is int marker ? marker + 1 : 0;
        int? endMarker = FindEnd(lines, start);
        if (startMarker is null && endMarker is null)
        {
            return text;
        }
        int end = endMarker ?? lines.Length;
        if (startMarker is not null)
        {
            start = SkipCredits(lines, start, end);
        }
        IEnumerable<string> kept = DropNotices(lines[start..end]);
        return TrimBlankLines(string.Join('\n', kept));
    }

    /// <summary>True when the text carries a start or end marker, so <see cref="Strip"/> would cut it.</summary>
    public static bool HasMarkers(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string[] lines = raw.Split('\n');
        return FindStart(lines) is not null || FindEnd(lines, 0) is not null;
    }

    private static int? FindStart(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            if (ContainsAny(lines[i], StartMarkers)
                && (Contains(lines[i], "GUTENBERG") || Contains(lines[i], "SMALL PRINT")))
            {
                return i;
            }
        }
        return null;
    }

    private static int? FindEnd(string[] lines, int start)
    {
        for (int i = start; i < lines.Length; i++)
        {
            if (ContainsAny(lines[i], EndMarkers) && Contains(lines[i], "GUTENBERG"))
            {
                return i;
            }
        }
        return null;
    }

    // A "Produced by ..." credit paragraph right after the start marker is not book text (the original
    // drops it too). It ends at the first blank line.
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

    // Older editions (e.g. the complete Shakespeare) repeat a copyright notice between
    // "<<THIS ELECTRONIC VERSION OF" and "...SERVICE THAT CHARGES FOR DOWNLOAD...>>" inside the text.
    private static IEnumerable<string> DropNotices(IEnumerable<string> lines)
    {
        bool inNotice = false;
        foreach (string line in lines)
        {
            if (!inNotice && Contains(line, NoticeStart))
            {
                inNotice = true;
            }
            if (!inNotice)
            {
                yield return line;
            }
            else if (Contains(line, NoticeEnd))
            {
                inNotice = false;
            }
        }
    }

    private static string TrimBlankLines(string text)
    {
        string body = text.TrimEnd();
        int firstLineStart = 0;
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == '\n')
            {
                firstLineStart = i + 1;
            }
            else if (!char.IsWhiteSpace(body[i]))
            {
                break;
            }
        }
        return body[firstLineStart..];
    }

    private static bool ContainsAny(string line, string[] markers) => markers.Any(marker => Contains(line, marker));

    private static bool Contains(string line, string value) => line.Contains(value, StringComparison.OrdinalIgnoreCase);
}
