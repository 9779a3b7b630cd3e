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
    public static TrainingData ToTensors(CharacterWindows windows)
    {
        float[] values = windows.Vocabulary.InputValues();
        var features = new float[windows.Count * windows.WindowSize];
        var labels = new long[windows.Count];
        var context = new int[windows.WindowSize];
        for (long row = 0; row < windows.Count; row++)
        {
            labels[row] = windows.GetWindow(row, context);
            for (int i = 0; i < context.Length; i++)
            {
                features[row * windows.WindowSize + i] = values[context[i]];
            }
        }
        return TrainingData.FromArrays(features, labels, windows.WindowSize);
    }
}
