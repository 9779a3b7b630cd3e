using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Corpus;

public sealed class CorpusStatisticsTests
{
    [Fact]
    public void Compute_AsciiVocabulary_CountsMatchHandCount()
    {
        // Hand count.
        // "a": C a f é ␠ “ o k ” CR LF 中 中 = 13 raw. After CRLF -> LF: 12. é, “, ” transliterate to one
        //      character each; 中 x2 unrepresentable. Encoded: C a f e ␠ " o k " LF = 10.
        // "b": a b … 中 ß = 5 raw. … -> "..." (3 ids), ß -> "ss" (2 ids), 中 unrepresentable.
        //      Encoded: a b . . . s s = 7.
        // Distinct raw: C a f é ␠ “ o k ” CR LF 中 b … ß = 15.
        var corpus = new TextCorpus([new CorpusDocument("a", "Café “ok”\r\n中中"), new CorpusDocument("b", "ab…中ß")]);

        CorpusStatistics statistics = CorpusStatistics.Compute(corpus, CharacterVocabulary.Ascii);

        Assert.Equal(2, statistics.DocumentCount);
        Assert.Equal(18, statistics.Characters);
        Assert.Equal(15, statistics.DistinctCharacters);
        Assert.Equal(17, statistics.EncodedCharacters);
        Assert.Equal(5, statistics.TransliteratedCharacters);
        Assert.Equal(3, statistics.UnrepresentableCharacters);
        Assert.Equal([new CharacterCount('中', 3)], statistics.TopUnrepresentable);
        Assert.Equal([new DocumentStatistics("a", 13, 10, 2), new DocumentStatistics("b", 5, 7, 1)], statistics.Documents);
    }

    [Fact]
    public void Compute_CorpusVocabulary_UnseenCharactersBecomeUnknownAndAreCounted()
    {
        // Vocabulary "abc" + U+FFFD. "abxcé": x and é are unknown; each still gives one (unknown) id.
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["abc"]);
        TextCorpus corpus = TextCorpus.FromText("abxcé", "doc");

        CorpusStatistics statistics = CorpusStatistics.Compute(corpus, vocabulary);

        Assert.Equal(5, statistics.Characters);
        Assert.Equal(5, statistics.DistinctCharacters);
        Assert.Equal(5, statistics.EncodedCharacters);
        Assert.Equal(0, statistics.TransliteratedCharacters);
        Assert.Equal(2, statistics.UnrepresentableCharacters);
        // Equal counts: ordered by code point, x (U+0078) before é (U+00E9).
        Assert.Equal([new CharacterCount('x', 1), new CharacterCount('é', 1)], statistics.TopUnrepresentable);
    }

    [Fact]
    public void Compute_TopCount_KeepsMostFrequentFirst()
    {
        // 文 x3 (U+6587) outranks 中 x2 (U+4E2D) despite its higher code point; 字 x1 is cut by topCount 2.
        TextCorpus corpus = TextCorpus.FromText("中中文文文字 ok");

        CorpusStatistics statistics = CorpusStatistics.Compute(corpus, CharacterVocabulary.Ascii, topCount: 2);

        Assert.Equal([new CharacterCount('文', 3), new CharacterCount('中', 2)], statistics.TopUnrepresentable);
        Assert.Equal(6, statistics.UnrepresentableCharacters);
        Assert.Equal(3, statistics.EncodedCharacters);
    }

    [Fact]
    public void Compute_AgreesWithTheEncoderOnEveryDocument()
    {
        var corpus = new TextCorpus([new CorpusDocument("x", "naïve “quote” — 中"), new CorpusDocument("y", "plain")]);

        CorpusStatistics statistics = CorpusStatistics.Compute(corpus, CharacterVocabulary.Ascii);

        for (int i = 0; i < corpus.Count; i++)
        {
            EncodedText encoded = CharacterVocabulary.Ascii.Encode(corpus[i].Text);
            Assert.Equal(encoded.Ids.Length, statistics.Documents[i].EncodedCharacters);
            Assert.Equal(encoded.Unrepresentable, statistics.Documents[i].UnrepresentableCharacters);
        }
    }

    [Fact]
    public void CharacterCount_ToString_ShowsCodePoint() =>
        Assert.Equal("'中' U+4E2D: 3", new CharacterCount('中', 3).ToString());
}
