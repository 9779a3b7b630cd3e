using System.Text.Json;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Onnx;

public sealed class VocabularyMetadataTests
{
    [Fact]
    public void Add_AsciiVocabulary_WritesEveryValueInPrintableAscii()
    {
        var properties = new Dictionary<string, string>();

        VocabularyMetadata.Add(properties, CharacterVocabulary.Ascii);

        Assert.Equal(
            [OnnxNames.CharactersKey, OnnxNames.ContractVersionKey, OnnxNames.OutOfRangeIdsKey, OnnxNames.TransliterationKey, OnnxNames.VocabularyKey],
            properties.Keys.Order(StringComparer.Ordinal));
        Assert.All(properties.Values, value => Assert.All(value, character => Assert.InRange(character, ' ', '~')));
        Assert.Equal(CharacterVocabulary.Ascii.Characters, JsonSerializer.Deserialize<string>(properties[OnnxNames.CharactersKey]));
        Assert.Equal("2", properties[OnnxNames.ContractVersionKey]);
        Assert.Equal("clamp", properties[OnnxNames.OutOfRangeIdsKey]);
    }

    // The table must describe Encode completely: for every UTF-16 code unit, encoding it alone gives the ids
    // a client computes from the vocabulary and the table (vocabulary id, else the replacement's ids, else
    // nothing for ASCII), so a client that follows the metadata encodes any text as the library does.
    [Fact]
    public void TransliterationTable_AsciiVocabulary_ReproducesEncodeForEveryCodeUnit()
    {
        CharacterVocabulary vocabulary = CharacterVocabulary.Ascii;
        Dictionary<string, string> table = VocabularyMetadata.TransliterationTable(vocabulary).ToDictionary(entry => entry.Key, entry => entry.Value);

        for (int code = 0; code <= char.MaxValue; code++)
        {
            string character = ((char)code).ToString();
            if (character == "\r")
            {
                continue; // a lone CR becomes LF first (line endings, documented apart)
            }
            int[] expected = vocabulary.TryGetId(character[0], out int id) ? [id]
                : table.TryGetValue(character, out string? replacement) ? replacement.Select(ascii => (int)ascii).ToArray()
                : [];
            Assert.True(expected.SequenceEqual(vocabulary.Encode(character).Ids), $"U+{code:X4}");
        }
        Assert.Equal("e", table["\u00e9"]);
        Assert.Equal("--", table["\u2014"]);
        Assert.Equal("", table["\u00ad"]);
        Assert.DoesNotContain("\u4e00", table.Keys);
    }

    [Fact]
    public void TransliterationTable_CorpusVocabulary_IsEmpty()
    {
        CharacterVocabulary corpus = CharacterVocabulary.FromTexts(["abc \u00e9"]);

        Assert.Empty(VocabularyMetadata.TransliterationTable(corpus));
    }

    [Theory]
    [InlineData("ab\uFFFD")]
    [InlineData("\0\u0001\u0002")]
    public void ReadCharacters_RawValueOfContractVersion1_ReturnsItUnchanged(string raw)
    {
        Assert.Equal(raw, VocabularyMetadata.ReadCharacters(raw));
    }

    [Fact]
    public void ReadCharacters_JsonValue_ReturnsTheCharacters()
    {
        Assert.Equal("\0a\uFFFD", VocabularyMetadata.ReadCharacters("\"\\u0000a\\ufffd\""));
    }
}
