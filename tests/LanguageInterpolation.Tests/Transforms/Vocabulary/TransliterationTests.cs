using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Vocabulary;

public sealed class TransliterationTests
{
    [Theory]
    [InlineData('\u201C', "\"")] // “
    [InlineData('\u201D', "\"")] // ”
    [InlineData('\u2018', "'")] // ‘
    [InlineData('\u2019', "'")] // ’
    [InlineData('\u2014', "--")] // — em dash
    [InlineData('\u2013', "-")] // – en dash
    [InlineData('\u2026', "...")] // …
    [InlineData('\u00E9', "e")] // é
    [InlineData('\u00FC', "u")] // ü
    [InlineData('\u00DC', "U")] // Ü
    [InlineData('\u00DF', "ss")] // ß
    [InlineData('\u00E6', "ae")] // æ
    [InlineData('\u0153', "oe")] // œ
    [InlineData('\u00A0', " ")] // no-break space
    [InlineData('\u00AB', "\"")] // «
    [InlineData('\u00B7', ".")] // ·
    [InlineData('\u00EA', "e")] // ê
    [InlineData('\u00E0', "a")] // à
    [InlineData('\u2122', "(TM)")] // ™
    [InlineData('\u0159', "r")] // ř
    [InlineData('\u0141', "L")] // Ł
    [InlineData('\u1EC7', "e")] // ệ
    [InlineData('A', "A")]
    public void ToAscii_KnownCharacter_GivesHandWrittenReplacement(char character, string expected) =>
        Assert.Equal(expected, Transliteration.ToAscii(character));

    [Theory]
    [InlineData('\u4E2D')] // 中
    [InlineData('\u03B1')] // α
    [InlineData('\u0416')] // Ж
    public void ToAscii_NoLatinLookAlike_ReturnsNull(char character) =>
        Assert.Null(Transliteration.ToAscii(character));

    [Fact]
    public void ToAscii_EveryLatinBlockCharacter_GivesAsciiOrNull()
    {
        // U+00A0-U+024F and U+1E00-U+1EFF: whatever is transliterated must be pure ASCII (the ASCII
        // vocabulary indexes the result directly).
        IEnumerable<char> latin = Enumerable.Range(0xA0, 0x250 - 0xA0).Concat(Enumerable.Range(0x1E00, 0x100)).Select(code => (char)code);

        Assert.All(latin, character =>
        {
            string? ascii = Transliteration.ToAscii(character);
            Assert.True(ascii is null || ascii.All(part => part < 128), $"U+{(int)character:X4} gives '{ascii}'");
        });
    }

    [Fact]
    public void ToAscii_Latin1LetterRange_IsFullyTransliterated()
    {
        // U+00C0-U+00FF: accented letters by base letter, Æ Ð Ø Þ ß æ ð ø þ and × ÷ by the table.
        IEnumerable<char> letters = Enumerable.Range(0xC0, 0x40).Select(code => (char)code);

        Assert.All(letters, character => Assert.NotNull(Transliteration.ToAscii(character)));
    }
}
