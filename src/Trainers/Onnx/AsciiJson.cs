using System.Globalization;
using System.Text;

namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>
/// JSON string literals written in printable ASCII only: every other UTF-16 code unit (NUL and the other
/// control characters, DEL, non-ASCII, each half of a surrogate pair) becomes a <c>\uXXXX</c> escape. ONNX
/// Runtime's C API returns metadata values as NUL-terminated strings, so a raw U+0000 cut the ASCII
/// vocabulary to nothing; an escaped literal survives every reader, and every JSON parser reads it back.
/// </summary>
public static class AsciiJson
{
    /// <summary>The JSON string literal of <paramref name="text"/>, quotes included, in printable ASCII.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (char character in text)
        {
            switch (character)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case >= ' ' and <= '~':
                    json.Append(character);
                    break;
                default:
                    json.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return json.Append('"').ToString();
    }

    /// <summary>A JSON object of string members, in the given order, in printable ASCII.</summary>
    public static string Object(IEnumerable<KeyValuePair<string, string>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return "{" + string.Join(",", members.Select(member => Quote(member.Key) + ":" + Quote(member.Value))) + "}";
    }

    /// <summary>
    /// Reads one JSON string literal (any escapes of RFC 8259, lone surrogates kept as they are, which
    /// System.Text.Json refuses); false when <paramref name="json"/> is anything else.
    /// </summary>
    public static bool TryUnquote(string json, out string text)
    {
        ArgumentNullException.ThrowIfNull(json);
        text = "";
        if (json.Length < 2 || json[0] != '"' || json[^1] != '"')
        {
            return false;
        }
        var result = new StringBuilder(json.Length);
        for (int i = 1; i < json.Length - 1; i++)
        {
            char character = json[i];
            if (character == '"' || character < ' ')
            {
                return false;
            }
            if (character != '\\')
            {
                result.Append(character);
                continue;
            }
            if (++i >= json.Length - 1)
            {
                return false;
            }
            switch (json[i])
            {
                case '"': result.Append('"'); break;
                case '\\': result.Append('\\'); break;
                case '/': result.Append('/'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'u' when i + 4 < json.Length - 1
                    && ushort.TryParse(json.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code):
                    result.Append((char)code);
                    i += 4;
                    break;
                default:
                    return false;
            }
        }
        text = result.ToString();
        return true;
    }
}
