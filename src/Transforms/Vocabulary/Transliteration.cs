namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>
/// Maps non-ASCII characters to ASCII look-alikes, so that the ASCII vocabulary keeps curly quotes,
/// dashes, accented letters and ligatures instead of deleting them as the Python original does.
/// </summary>
public static class Transliteration
{
    private static readonly Dictionary<char, string> Table = new()
    {
        ['\u2018'] = "'", ['\u2019'] = "'", ['\u201A'] = "'", ['\u201B'] = "'", ['\u2032'] = "'",
        ['\u201C'] = "\"", ['\u201D'] = "\"", ['\u201E'] = "\"", ['\u201F'] = "\"", ['\u2033'] = "\"",
        ['\u00AB'] = "\"", ['\u00BB'] = "\"", ['\u2039'] = "'", ['\u203A'] = "'",
        ['\u2010'] = "-", ['\u2011'] = "-", ['\u2012'] = "-", ['\u2013'] = "-", ['\u2014'] = "--",
        ['\u2015'] = "--", ['\u2212'] = "-", ['\u00AD'] = "",
        ['\u2026'] = "...", ['\u2022'] = "*", ['\u00B7'] = ".", ['\u2122'] = "(TM)", ['\u00A9'] = "(C)",
        ['\u00AE'] = "(R)", ['\u00B0'] = " degrees",
        ['\u00A0'] = " ", ['\u2002'] = " ", ['\u2003'] = " ", ['\u2009'] = " ", ['\u202F'] = " ",
        ['\u200B'] = "", ['\uFEFF'] = "",
        ['\u1E9E'] = "SS",
        ['\u00A3'] = "L", ['\u20AC'] = "EUR", ['\u00A7'] = "S", ['\u00B6'] = "P", ['\u00BD'] = "1/2",
        ['\u00BC'] = "1/4", ['\u00BE'] = "3/4", ['\u00B9'] = "1", ['\u00B2'] = "2", ['\u00B3'] = "3",
    };

    // U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A): the base letter of each accented
    // letter, ligatures spelt out. A table rather than Unicode decomposition, which needs ICU and is absent
    // under invariant globalization.
    private const int LatinTableStart = 0x00C0;
    private static readonly string[] LatinLetters =
    [
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
        "D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",
        "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
        "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
        "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
        "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
        "l", "L", "l", "N", "n", "N", "n", "N", "n", "'n", "N", "n", "O", "o", "O", "o",
        "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
        "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
        "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
    ];

    /// <summary>Returns the ASCII replacement of one character, or null when there is none.</summary>
    public static string? ToAscii(char character)
    {
        if (character < 128)
        {
            return character.ToString();
        }
        if (Table.TryGetValue(character, out string? mapped))
        {
            return mapped;
        }
        int offset = character - LatinTableStart;
        return offset >= 0 && offset < LatinLetters.Length ? LatinLetters[offset] : null;
    }
}
