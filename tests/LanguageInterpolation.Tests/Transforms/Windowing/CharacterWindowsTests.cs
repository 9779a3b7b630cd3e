using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Windowing;

public sealed class CharacterWindowsTests
{
    private static readonly CharacterVocabulary Ascii = CharacterVocabulary.Ascii;

    [Fact]
    public void GetWindow_SequenceOnAbcdefgh_PrecedingThreePredictNext()
    {
        CharacterWindows windows = Windows(["abcdefgh"], 3, WindowKind.Sequence);

        Assert.Equal(
            [("abc", 'd'), ("bcd", 'e'), ("cde", 'f'), ("def", 'g'), ("efg", 'h')],
            All(windows));
    }

    [Fact]
    public void GetWindow_CenteredFourOnAbcdefgh_TwoLeftTwoRightPredictMiddle()
    {
        CharacterWindows windows = Windows(["abcdefgh"], 4, WindowKind.Centered);

        Assert.Equal(
            [("abde", 'c'), ("bcef", 'd'), ("cdfg", 'e'), ("degh", 'f')],
            All(windows));
    }

    [Fact]
    public void GetWindow_CenteredThreeOnAbcdefgh_OneLeftTwoRight()
    {
        CharacterWindows windows = Windows(["abcdefgh"], 3, WindowKind.Centered);

        Assert.Equal(
            [("acd", 'b'), ("bde", 'c'), ("cef", 'd'), ("dfg", 'e'), ("egh", 'f')],
            All(windows));
    }

    [Theory]
    [InlineData(2, new[] { "abc", "cde", "efg" }, "dfh")]
    [InlineData(3, new[] { "abc", "def" }, "dg")]
    [InlineData(5, new[] { "abc" }, "d")]
    [InlineData(9, new[] { "abc" }, "d")]
    public void GetWindow_SequenceWithStride_StartsEveryStrideCharacters(int stride, string[] contexts, string labels)
    {
        CharacterWindows windows = Windows(["abcdefgh"], 3, WindowKind.Sequence, stride);

        Assert.Equal(contexts.Zip(labels).Select(pair => (pair.First, pair.Second)), All(windows));
    }

    [Theory]
    [InlineData(100, 16, 1)]
    [InlineData(100, 16, 3)]
    [InlineData(100, 16, 7)]
    [InlineData(17, 16, 1)]
    [InlineData(16, 16, 1)]
    [InlineData(5, 16, 1)]
    [InlineData(1000, 64, 10)]
    public void Count_AnyLengthAndStride_IsCeilingOfLengthMinusWindowOverStride(int length, int windowSize, int stride)
    {
        CharacterWindows windows = Windows([new string('x', length)], windowSize, WindowKind.Sequence, stride);

        long expected = length <= windowSize ? 0 : (long)Math.Ceiling((length - windowSize) / (double)stride);
        Assert.Equal(expected, windows.Count);
        if (stride == 1)
        {
            Assert.Equal(Math.Max(0, length - windowSize), windows.Count);
        }
    }

    [Fact]
    public void GetWindow_TwoBooks_NoWindowCrossesTheBoundary()
    {
        CharacterWindows windows = Windows(["abcd", "wxyz"], 2, WindowKind.Sequence);

        Assert.Equal([("ab", 'c'), ("bc", 'd'), ("wx", 'y'), ("xy", 'z')], All(windows));
    }

    [Fact]
    public void GetWindow_EmptyAndTooShortBlocksBetweenBooks_AreSkipped()
    {
        CharacterWindows windows = Windows(["", "ab", "abc", "", "", "pqrs", "t"], 2, WindowKind.Sequence);

        Assert.Equal([("ab", 'c'), ("pq", 'r'), ("qr", 's')], All(windows));
    }

    [Fact]
    public void GetWindow_IndexOutOfRange_Throws()
    {
        CharacterWindows windows = Windows(["abcd"], 2, WindowKind.Sequence);
        var context = new int[2];

        Assert.Throws<ArgumentOutOfRangeException>(() => windows.GetWindow(2, context));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.GetWindow(-1, context));
        Assert.Throws<ArgumentException>(() => windows.GetWindow(0, new int[3]));
    }

    private static CharacterWindows Windows(string[] books, int windowSize, WindowKind kind, int stride = 1) =>
        new(books.Select(book => Ascii.Encode(book).Ids), Ascii, windowSize, kind, stride);

    internal static List<(string Context, char Label)> All(CharacterWindows windows)
    {
        var result = new List<(string, char)>();
        var context = new int[windows.WindowSize];
        for (long i = 0; i < windows.Count; i++)
        {
            int label = windows.GetWindow(i, context);
            result.Add((windows.Vocabulary.Decode(context), windows.Vocabulary.Characters[label]));
        }
        return result;
    }
}
