using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Training tensors cut from a shipped book, for tests of the training loop.</summary>
public static class WindowTensors
{
    /// <summary>The first <paramref name="characters"/> of The Dunwich Horror as windows.</summary>
    public static (TrainingData Train, TrainingData Validation) Dunwich(int characters, int windowSize, SplitKind split = SplitKind.HeldOut)
    {
        TextCorpus corpus = CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(characters);
        var windows = WindowedCorpus.Create(corpus, new CharacterWindowOptions { WindowSize = windowSize, Split = split, TestFraction = 0 });
        return (ToTensors(windows.Train), ToTensors(windows.Validation));
    }

    /// <summary>All windows of a set as tensors.</summary>
    public static TrainingData ToTensors(CharacterWindows windows) => TrainingData.FromWindows(windows);
}
