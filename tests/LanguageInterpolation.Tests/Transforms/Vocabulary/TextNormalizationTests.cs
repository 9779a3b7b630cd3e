using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Vocabulary;

public sealed class TextNormalizationTests
{
    [Theory]
    [InlineData("a\r\nb", "a\nb")]
    [InlineData("a\rb\r\n\r\nc", "a\nb\n\nc")]
    [InlineData("a\nb", "a\nb")]
    public void NormalizeLineEndings_AnyLineEnding_BecomesLf(string text, string expected) =>
        Assert.Equal(expected, TextNormalization.NormalizeLineEndings(text));
}
