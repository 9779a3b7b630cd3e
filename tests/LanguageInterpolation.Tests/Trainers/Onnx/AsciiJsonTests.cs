using System.Text.Json;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Onnx;

public sealed class AsciiJsonTests
{
    [Fact]
    public void Quote_ControlQuoteBackslashAndNonAscii_EscapesToPrintableAscii()
    {
        string json = AsciiJson.Quote("\0a \"\\\u007f\u00e9\uD83D");

        Assert.Equal("\"\\u0000a \\\"\\\\\\u007f\\u00e9\\ud83d\"", json);
    }

    [Fact]
    public void Quote_AsciiVocabulary_HasNoCharacterOutsidePrintableAsciiAndJsonReadsItBack()
    {
        string json = AsciiJson.Quote(CharacterVocabulary.Ascii.Characters);

        Assert.All(json, character => Assert.InRange(character, ' ', '~'));
        Assert.Equal(CharacterVocabulary.Ascii.Characters, JsonSerializer.Deserialize<string>(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("\0\u0001\r\n\t\u00ff\uFFFD")]
    [InlineData("\uDC00 lone low and lone high \uD800")]
    public void TryUnquote_QuotedText_ReturnsTheTextCodeUnitForCodeUnit(string text)
    {
        Assert.True(AsciiJson.TryUnquote(AsciiJson.Quote(text), out string read));
        Assert.Equal(text, read);
    }

    [Fact]
    public void TryUnquote_ShortEscapesAndRawNonAscii_ReadsThemAsJsonDoes()
    {
        const string Json = "\"\\b\\f\\n\\r\\t\\/\\\"\\\\\u00e9\\u00E9\"";

        Assert.True(AsciiJson.TryUnquote(Json, out string read));
        Assert.Equal(JsonSerializer.Deserialize<string>(Json), read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"")]
    [InlineData("abc")]
    [InlineData("\0\u0001")]
    [InlineData("\"a\"b\"")]
    [InlineData("\"\\x\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("\"\\\"")]
    [InlineData("\"a\nb\"")]
    public void TryUnquote_NotAStringLiteral_ReturnsFalse(string json)
    {
        Assert.False(AsciiJson.TryUnquote(json, out _));
    }

    [Fact]
    public void Object_Members_WritesAnObjectJsonReadsBack()
    {
        string json = AsciiJson.Object([new("\u00e9", "e"), new("\u2026", "..."), new("\u00ad", "")]);

        Assert.Equal("{\"\\u00e9\":\"e\",\"\\u2026\":\"...\",\"\\u00ad\":\"\"}", json);
        Assert.Equal(new Dictionary<string, string> { ["\u00e9"] = "e", ["\u2026"] = "...", ["\u00ad"] = "" },
            JsonSerializer.Deserialize<Dictionary<string, string>>(json));
    }
}
