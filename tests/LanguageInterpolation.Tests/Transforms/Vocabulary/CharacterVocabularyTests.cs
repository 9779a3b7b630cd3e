using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Vocabulary;

public sealed class CharacterVocabularyTests
{
    [Fact]
    public void Ascii_Shape_Has128ClassesInCodeOrder()
    {
        CharacterVocabulary ascii = CharacterVocabulary.Ascii;

        Assert.Equal(VocabularyKind.Ascii, ascii.Kind);
        Assert.Equal(128, ascii.Count);
        Assert.Equal('A', ascii.Characters[65]);
        Assert.Null(ascii.UnknownId);
        Assert.Equal(32, ascii.FallbackId);
    }

    // The original's ascii_to_float: (c - 64 + 0.5) / 64, computed by hand. All are exact binary fractions.
    [Theory]
    [InlineData(0, -0.9921875f)] // -63.5 / 64
    [InlineData(32, -0.4921875f)] // -31.5 / 64
    [InlineData(65, 0.0234375f)] // 1.5 / 64
    [InlineData(127, 0.9921875f)] // 63.5 / 64
    public void InputValue_AsciiCode_MatchesOriginalFormula(int code, float expected) =>
        Assert.Equal(expected, CharacterVocabulary.Ascii.InputValue(code));

    [Fact]
    public void InputValues_Ascii_StrictlyIncreasingAndInsideOpenInterval()
    {
        float[] values = CharacterVocabulary.Ascii.InputValues();

        Assert.Equal(128, values.Length);
        Assert.All(values, value => Assert.True(value is > -1f and < 1f, $"{value} is not inside (-1, 1)"));
        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second));
        // Bin centres are 1/64 apart.
        Assert.All(values.Zip(values.Skip(1)), pair => Assert.Equal(1f / 64f, pair.Second - pair.First));
    }

    [Fact]
    public void InputValues_ThreeClassCorpusVocabulary_AreBinCentres()
    {
        // "ab" + unknown: 3 bins of [-1, 1], centres -2/3, 0, 2/3. Tolerance 1e-6: 1/3 and 2/3 are not
        // exact floats, and (2i + 1) / 3 - 1 rounds twice (one float ulp near 2/3 is 6e-8).
        float[] values = CharacterVocabulary.FromTexts(["ba"]).InputValues();

        Assert.Equal(3, values.Length);
        Assert.Equal(-2.0 / 3.0, values[0], 1e-6);
        Assert.Equal(0.0, values[1], 1e-6);
        Assert.Equal(2.0 / 3.0, values[2], 1e-6);
    }

    [Fact]
    public void EncodeDecode_AsciiText_RoundTrips()
    {
        const string text = "Hello, World!\n\t~ {x} 0-9 @#";

        EncodedText encoded = CharacterVocabulary.Ascii.Encode(text);

        Assert.Equal(text.Select(character => (int)character), encoded.Ids);
        Assert.Equal(0, encoded.Unrepresentable);
        Assert.Equal(text, CharacterVocabulary.Ascii.Decode(encoded.Ids));
    }

    [Fact]
    public void Encode_NonAsciiPunctuationAndLetters_AreTransliteratedNotDeleted()
    {
        const string text = "“Hi” ‘x’ a—b c–d wait… café über Straße Æsop encyclopædia œuvre a\u00A0b";
        const string expected = "\"Hi\" 'x' a--b c-d wait... cafe uber Strasse AEsop encyclopaedia oeuvre a b";

        EncodedText encoded = CharacterVocabulary.Ascii.Encode(text);

        Assert.Equal(expected, CharacterVocabulary.Ascii.Decode(encoded.Ids));
        Assert.Equal(0, encoded.Unrepresentable);
    }

    [Fact]
    public void Encode_ChineseCharacters_AreCountedAsUnrepresentable()
    {
        EncodedText encoded = CharacterVocabulary.Ascii.Encode("中文 ok 字");

        Assert.Equal(" ok ", CharacterVocabulary.Ascii.Decode(encoded.Ids));
        Assert.Equal(3, encoded.Unrepresentable);
    }

    [Fact]
    public void Encode_CrLfAndLoneCr_BecomeOneLineFeed()
    {
        EncodedText encoded = CharacterVocabulary.Ascii.Encode("a\r\nb\rc");

        Assert.Equal([97, 10, 98, 10, 99], encoded.Ids);
    }

    [Theory]
    [InlineData('…', '.')]
    [InlineData('é', 'e')]
    [InlineData('—', '-')]
    [InlineData('中', ' ')]
    public void IdOfContextCharacter_Ascii_FirstTransliteratedCharacterOrSpace(char character, char expected) =>
        Assert.Equal(expected, CharacterVocabulary.Ascii.Characters[CharacterVocabulary.Ascii.IdOfContextCharacter(character)]);

    [Fact]
    public void FromTexts_GermanBook_HoldsItsCharactersAndUnknownLast()
    {
        string german = CorpusReader.ReadDocument(TestData.Book(TestData.Verwandlung)).Text;

        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts([german]);

        // 78 distinct characters in the kept text (counted with Python's set() on lines 2-1922) + unknown.
        Assert.Equal(79, vocabulary.Count);
        Assert.Equal(VocabularyKind.Corpus, vocabulary.Kind);
        Assert.Contains('ü', vocabulary.Characters);
        Assert.Contains('ß', vocabulary.Characters);
        Assert.Contains('\u00A0', vocabulary.Characters);
        Assert.Equal(CharacterVocabulary.UnknownSymbol, vocabulary.Characters[^1]);
        Assert.Equal(vocabulary.Count - 1, vocabulary.UnknownId);
        Assert.Equal(vocabulary.UnknownId, vocabulary.FallbackId);
        Assert.Equal('\n', vocabulary.Characters[0]);
    }

    [Fact]
    public void Encode_CorpusVocabulary_KeepsUmlautsAndMapsUnseenToUnknown()
    {
        // The German book has no 'X' and no '€'.
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(
            [CorpusReader.ReadDocument(TestData.Book(TestData.Verwandlung)).Text]);

        EncodedText encoded = vocabulary.Encode("Größe X€");

        Assert.Equal("Größe \uFFFD\uFFFD", vocabulary.Decode(encoded.Ids));
        Assert.Equal(2, encoded.Unrepresentable);
        Assert.Equal(vocabulary.UnknownId, encoded.Ids[^1]);
    }

    [Fact]
    public void FromTexts_CrLfText_HasNoCarriageReturnClass()
    {
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["a\r\nb"]);

        Assert.Equal("\nab\uFFFD", vocabulary.Characters);
    }

    [Fact]
    public void SerializeParse_Ascii_RoundTripsToTheSameInstance()
    {
        string json = CharacterVocabulary.Ascii.Serialize();

        Assert.Equal("{\"Kind\":\"ascii\",\"Characters\":null}", json);
        Assert.Same(CharacterVocabulary.Ascii, CharacterVocabulary.Parse(json));
    }

    [Fact]
    public void SerializeParse_CorpusVocabulary_RoundTrips()
    {
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["Größe \"quoted\"\n"]);

        CharacterVocabulary parsed = CharacterVocabulary.Parse(vocabulary.Serialize());

        Assert.Equal(vocabulary, parsed);
        Assert.Equal(vocabulary.Characters, parsed.Characters);
        Assert.Equal(vocabulary.UnknownId, parsed.UnknownId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("{\"Kind\":\"words\"}")]
    [InlineData("{\"Kind\":\"corpus\"}")]
    [InlineData("{\"Kind\":\"corpus\",\"Characters\":\"ab\"}")]
    [InlineData("{\"Kind\":\"corpus\",\"Characters\":\"aa\\uFFFD\"}")]
    public void Parse_Garbage_ThrowsFormatException(string json) =>
        Assert.Throws<FormatException>(() => CharacterVocabulary.Parse(json));
}
