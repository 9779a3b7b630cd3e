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
        ['\u00AE'] = "(R)", ['\u00B0'] = " degrees", ['\u00D7'] = "x", ['\u00F7'] = "/",
        ['\u00A0'] = " ", ['\u2002'] = " ", ['\u2003'] = " ", ['\u2009'] = " ", ['\u202F'] = " ",
        ['\u200B'] = "", ['\uFEFF'] = "",
        ['\u00DF'] = "ss", ['\u1E9E'] = "SS", ['\u00E6'] = "ae", ['\u00C6'] = "AE", ['\u0153'] = "oe",
        ['\u0152'] = "OE", ['\u00F8'] = "o", ['\u00D8'] = "O", ['\u0142'] = "l", ['\u0141'] = "L",
        ['\u00F0'] = "d", ['\u00D0'] = "D", ['\u00FE'] = "th", ['\u00DE'] = "Th", ['\u0131'] = "i",
        ['\u00A3'] = "L", ['\u20AC'] = "EUR", ['\u00A7'] = "S", ['\u00B6'] = "P", ['\u00BD'] = "1/2",
        ['\u00BC'] = "1/4", ['\u00BE'] = "3/4", ['\u00B9'] = "1", ['\u00B2'] = "2", ['\u00B3'] = "3",
    };

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
        // Accented Latin letters keep their base letter (é -> e, Ü -> U). A table, not string.Normalize:
        // under invariant globalization Normalize leaves é whole, which made every accent unrepresentable.
        return LatinBaseLetters.TryGetBase(character, out char baseLetter) ? baseLetter.ToString() : null;
    }
}
