using LanguageInterpolation.Transforms.Vocabulary;

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
    public static string Strip(string raw) => Strip(raw, CancellationToken.None);

    /// <summary><see cref="Strip(string)"/>, stopping when <paramref name="cancellation"/> is cancelled
    /// (checked every few thousand lines: a book of hundreds of megabytes takes seconds).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static string Strip(string raw, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string text = TextNormalization.NormalizeLineEndings(raw, cancellation);
        // Lines are ranges of the text, never strings of their own: books run to hundreds of megabytes.
        int[] lineStarts = LineStarts(text);
        ReadOnlySpan<char> Line(int i) => text.AsSpan(lineStarts[i], LineEnd(text, lineStarts, i) - lineStarts[i]);
        int lineCount = lineStarts.Length;
        int? startMarker = FindStart(lineCount, Line, cancellation);
        int start = startMarker is int marker ? marker + 1 : 0;
        int? endMarker = FindEnd(lineCount, Line, start, cancellation);
        if (startMarker is null && endMarker is null)
        {
            return text;
        }
        int end = endMarker ?? lineCount;
        if (startMarker is not null)
        {
            start = SkipCredits(Line, start, end);
        }
        List<int> kept = DropNotices(Line, start, end, cancellation);
        // The blank lines around the body go, and the trailing white space of its last line.
        int first = 0;
        while (first < kept.Count && Line(kept[first]).IsWhiteSpace())
        {
            first++;
        }
        int last = kept.Count - 1;
        while (last >= first && Line(kept[last]).IsWhiteSpace())
        {
            last--;
        }
        if (last < first)
        {
            return string.Empty;
        }
        int length = last - first + Line(kept[last]).TrimEnd().Length;
        for (int k = first; k < last; k++)
        {
            length += Line(kept[k]).Length;
        }
        return string.Create(length, (Text: text, Starts: lineStarts, Kept: kept, First: first, Last: last), static (destination, state) =>
        {
            int written = 0;
            for (int k = state.First; k <= state.Last; k++)
            {
                int i = state.Kept[k];
                ReadOnlySpan<char> line = state.Text.AsSpan(state.Starts[i], LineEnd(state.Text, state.Starts, i) - state.Starts[i]);
                if (k == state.Last)
                {
                    line.TrimEnd().CopyTo(destination[written..]);
                    break;
                }
                line.CopyTo(destination[written..]);
                written += line.Length;
                destination[written++] = '\n';
            }
        });
    }

    /// <summary>Whether the text has a Project Gutenberg start or end marker.</summary>
    public static bool HasMarkers(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        int[] lineStarts = LineStarts(raw);
        ReadOnlySpan<char> Line(int i) => raw.AsSpan(lineStarts[i], LineEnd(raw, lineStarts, i) - lineStarts[i]);
        return FindStart(lineStarts.Length, Line, CancellationToken.None) is not null || FindEnd(lineStarts.Length, Line, 0, CancellationToken.None) is not null;
    }

    private delegate ReadOnlySpan<char> LineReader(int index);

    private static int[] LineStarts(string text)
    {
        var starts = new int[text.AsSpan().Count('\n') + 1];
        int line = 1;
        for (int i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts[line++] = i + 1;
        }
        return starts;
    }

    private static int LineEnd(string text, int[] starts, int i) => i + 1 < starts.Length ? starts[i + 1] - 1 : text.Length;

    private static int? FindStart(int lineCount, LineReader line, CancellationToken cancellation)
    {
        for (int i = 0; i < lineCount; i++)
        {
            CheckEvery(i, cancellation);
            ReadOnlySpan<char> text = line(i);
            if (ContainsAny(text, StartMarkers) && (Contains(text, "GUTENBERG") || Contains(text, "SMALL PRINT")))
            {
                return i;
            }
        }
        return null;
    }

    private static int? FindEnd(int lineCount, LineReader line, int start, CancellationToken cancellation)
    {
        for (int i = start; i < lineCount; i++)
        {
            CheckEvery(i, cancellation);
            ReadOnlySpan<char> text = line(i);
            if (ContainsAny(text, EndMarkers) && Contains(text, "GUTENBERG"))
            {
                return i;
            }
        }
        return null;
    }

    // A "Produced by ..." credit paragraph right after the start marker is not book text (the original
    // drops it too). It ends at the first blank line.
    private static int SkipCredits(LineReader line, int start, int end)
    {
        int i = start;
        while (i < end && line(i).IsWhiteSpace())
        {
            i++;
        }
        if (i < end && StartsWithCredit(line(i).TrimStart()))
        {
            while (i < end && !line(i).IsWhiteSpace())
            {
                i++;
            }
            return i;
        }
        return start;
    }

    private static bool StartsWithCredit(ReadOnlySpan<char> line)
    {
        foreach (string opening in CreditOpenings)
        {
            if (line.StartsWith(opening, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    // Older editions (e.g. the complete Shakespeare) repeat a copyright notice between
    // "<<THIS ELECTRONIC VERSION OF" and "...SERVICE THAT CHARGES FOR DOWNLOAD...>>" inside the text.
    private static List<int> DropNotices(LineReader line, int start, int end, CancellationToken cancellation)
    {
        var kept = new List<int>(Math.Max(0, end - start));
        bool inNotice = false;
        for (int i = start; i < end; i++)
        {
            CheckEvery(i, cancellation);
            ReadOnlySpan<char> text = line(i);
            if (!inNotice && Contains(text, NoticeStart))
            {
                inNotice = true;
            }
            if (!inNotice)
            {
                kept.Add(i);
            }
            else if (Contains(text, NoticeEnd))
            {
                inNotice = false;
            }
        }
        return kept;
    }

    private static void CheckEvery(int line, CancellationToken cancellation)
    {
        if ((line & 0xFFFF) == 0)
        {
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private static bool ContainsAny(ReadOnlySpan<char> line, string[] markers)
    {
        foreach (string marker in markers)
        {
            if (Contains(line, marker))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Contains(ReadOnlySpan<char> line, string value) => line.Contains(value, StringComparison.OrdinalIgnoreCase);
}
