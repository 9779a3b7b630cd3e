using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Vocabulary;

public sealed class PackedIdsTests
{
    [Fact]
    public void FromIds_AsciiVocabulary_StoresOneBytePerIdAndReadsBack()
    {
        int[] ids = [0, 1, 127, 65, 32];

        PackedIds packed = PackedIds.FromIds(ids, 128);

        Assert.Equal(1, packed.BytesPerId);
        Assert.Equal(ids, packed.ToArray());
        Assert.Equal(127, packed[2]);
    }

    [Fact]
    public void FromIds_MoreThan256Classes_StoresTwoBytesPerId()
    {
        int[] ids = [0, 256, 299];

        PackedIds packed = PackedIds.FromIds(ids, 300);

        Assert.Equal(2, packed.BytesPerId);
        Assert.Equal(ids, packed.ToArray());
    }

    [Fact]
    public void FromIds_IdOutsideVocabulary_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PackedIds.FromIds([3, 128], 128));

    [Fact]
    public void Slice_ReadsTheSameStorageFromItsOffset()
    {
        PackedIds packed = PackedIds.FromIds([10, 11, 12, 13, 14, 15], 128);

        PackedIds slice = packed.Slice(2, 3);
        var window = new int[2];
        slice.CopyTo(1, window);

        Assert.Equal([12, 13, 14], slice.ToArray());
        Assert.Equal([13, 14], window);
        Assert.Throws<ArgumentOutOfRangeException>(() => slice[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => slice.CopyTo(2, new int[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => packed.Slice(4, 3));
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("a\r\nb\rc\n\r")]
    [InlineData("“Café” — naïve… 中文 ok")]
    public void EncodePacked_AnyText_GivesEncodesIdsAndCounts(string text)
    {
        foreach (CharacterVocabulary vocabulary in new[] { CharacterVocabulary.Ascii, CharacterVocabulary.FromTexts(["abc\nCafé"]) })
        {
            EncodedText expected = vocabulary.Encode(text);

            PackedIds packed = vocabulary.EncodePacked(text);
            long count = vocabulary.CountIds(text, out long unrepresentable);

            Assert.Equal(expected.Ids, packed.ToArray());
            Assert.Equal(expected.Unrepresentable, packed.Unrepresentable);
            Assert.Equal(expected.Ids.Length, count);
            Assert.Equal(expected.Unrepresentable, unrepresentable);
        }
    }

    [Fact]
    public void EncodePacked_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => CharacterVocabulary.Ascii.EncodePacked("some text", cancelled.Token));
    }

    [Fact]
    public void IsRepresentable_AsciiVocabulary_TakesTransliterationsAndRefusesTheRest()
    {
        Assert.True(CharacterVocabulary.Ascii.IsRepresentable('a'));
        Assert.True(CharacterVocabulary.Ascii.IsRepresentable('é'));
        Assert.False(CharacterVocabulary.Ascii.IsRepresentable('中'));
        Assert.False(CharacterVocabulary.Ascii.IsRepresentable('\u0085'));
    }
}
