using System.Globalization;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>
/// The metadata properties through which an exported model tells a client how to turn text into ids,
/// written alike by every exporter: the vocabulary (<c>li.vocabulary</c>, and <c>li.characters</c> as an
/// ASCII-only JSON string), the transliteration table, the out-of-range id policy and the contract version.
/// <c>docs/onnx-contract.md</c> describes them for third parties.
/// </summary>
public static class VocabularyMetadata
{
    /// <summary>The contract version written today. Version 1 files (no <c>li.contract_version</c>) hold
    /// <c>li.characters</c> raw, which C-API readers cut at the ASCII vocabulary's leading NUL.</summary>
    public const int ContractVersion = 2;

    /// <summary>The out-of-range id policy: the graph clamps ids below 0 to 0 and above V - 1 to V - 1
    /// (<see cref="CharacterIdsEncoding"/>). Clients must send ids in [0, V); clamping only keeps a stray id
    /// from failing the whole batch.</summary>
    public const string OutOfRangeIds = "clamp";

    /// <summary>Adds the vocabulary's properties to <paramref name="properties"/>.</summary>
    public static void Add(IDictionary<string, string> properties, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(vocabulary);
        properties[OnnxNames.VocabularyKey] = vocabulary.Serialize();
        properties[OnnxNames.CharactersKey] = AsciiJson.Quote(vocabulary.Characters);
        properties[OnnxNames.TransliterationKey] = AsciiJson.Object(TransliterationTable(vocabulary));
        properties[OnnxNames.OutOfRangeIdsKey] = OutOfRangeIds;
        properties[OnnxNames.ContractVersionKey] = ContractVersion.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Every character outside the vocabulary that <see cref="CharacterVocabulary.Encode"/> replaces, with
    /// its replacement (one or more characters of the vocabulary, or none: the character is dropped), in
    /// code order. Only the ASCII vocabulary transliterates; a corpus vocabulary's table is empty.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> TransliterationTable(CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var table = new List<KeyValuePair<string, string>>();
        if (vocabulary.Kind != VocabularyKind.Ascii)
        {
            return table;
        }
        for (int code = 0; code <= char.MaxValue; code++)
        {
            char character = (char)code;
            if (!vocabulary.TryGetId(character, out _) && Transliteration.ToAscii(character) is { } replacement)
            {
                table.Add(new(character.ToString(), replacement));
            }
        }
        return table;
    }

    /// <summary>The vocabulary's characters from a <c>li.characters</c> value: the JSON string of version 2,
    /// or the raw characters of version 1 (a value that is not a JSON string literal).</summary>
    public static string ReadCharacters(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return AsciiJson.TryUnquote(value, out string characters) ? characters : value;
    }
}
