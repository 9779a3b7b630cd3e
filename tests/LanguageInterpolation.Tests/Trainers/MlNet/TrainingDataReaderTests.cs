using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.MlNet;

public class TrainingDataReaderTests
{
    [Fact]
    public void Read_MoreRowsThanOneChunk_GivesEveryWindowInOrderAsBytes()
    {
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 90_000, windowSize: 4, split: SplitKind.Memorize);

        using TrainingData read = TrainingDataReader.Read(data.Train, CharacterWindowColumns.CharacterIds, CharacterWindowColumns.Label, 4, data.Vocabulary.Count);
        using TrainingData expected = TrainingData.FromWindows(data.Windows.Train);

        Assert.True(read.Rows > 65_536, $"{read.Rows} rows fit in one chunk");
        Assert.Equal(data.Windows.Train.Count, read.Rows);
        Assert.Equal(ScalarType.Byte, read.Contexts.dtype);
        Assert.True(read.Contexts.eq(expected.Contexts).all().item<bool>());
        Assert.True(read.Labels.eq(expected.Labels).all().item<bool>());
    }

    [Fact]
    public void Read_Cancelled_StopsBeforeTheEnd()
    {
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 90_000, windowSize: 4, split: SplitKind.Memorize);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => TrainingDataReader.Read(data.Train, CharacterWindowColumns.CharacterIds, CharacterWindowColumns.Label, 4, data.Vocabulary.Count, cancelled.Token));
    }

    [Fact]
    public void Concatenate_KeepsRowOrder()
    {
        using TrainingData first = TrainingData.FromArrays([1, 2, 3, 4], [5, 6], windowSize: 2, vocabularySize: 10);
        using TrainingData second = TrainingData.FromArrays([7, 8], [9], windowSize: 2, vocabularySize: 10);

        using TrainingData both = TrainingData.Concatenate([first, second]);

        Assert.Equal([1L, 2, 3, 4, 7, 8], both.ContextSlice(0, 3).data<long>().ToArray());
        Assert.Equal([5L, 6, 9], both.Labels.data<long>().ToArray());
    }
}
