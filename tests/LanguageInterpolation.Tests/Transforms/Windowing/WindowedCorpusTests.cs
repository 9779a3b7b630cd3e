using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Windowing;

public sealed class WindowedCorpusTests
{
    // Two ASCII books: 100 lower-case and 50 upper-case characters.
    private static readonly string BookOne = string.Concat(Enumerable.Range(0, 100).Select(i => (char)('a' + i * 7 % 26)));
    private static readonly string BookTwo = string.Concat(Enumerable.Range(0, 50).Select(i => (char)('A' + i * 5 % 26)));
    private static readonly TextCorpus TwoBooks = new([new CorpusDocument("one", BookOne), new CorpusDocument("two", BookTwo)]);

    [Fact]
    public void Create_HeldOut_SplitsEveryBookIntoContiguousBlocks()
    {
        // 10 % / 10 %: book one 0-80 train, 80-90 validation, 90-100 test; book two 0-40, 40-45, 45-50.
        // Window N = 4: a window is the 5 characters context + label, so a block of B characters gives B - 4.
        WindowedCorpus windowed = WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4 });

        Assert.Equal(Expected((BookOne, 0, 80), (BookTwo, 0, 40)), Spans(windowed.Train));
        Assert.Equal(Expected((BookOne, 80, 90), (BookTwo, 40, 45)), Spans(windowed.Validation));
        Assert.Equal(Expected((BookOne, 90, 100), (BookTwo, 45, 50)), Spans(windowed.Test));
        Assert.Equal(76 + 36, windowed.Train.Count);
        Assert.Equal(6 + 1, windowed.Validation.Count);
        Assert.Equal(6 + 1, windowed.Test.Count);
        Assert.Equal(150, windowed.EncodedCharacters);
        Assert.Equal(0, windowed.UnrepresentableCharacters);
    }

    [Fact]
    public void Create_EvaluationStride_KeepsEveryKthHeldOutWindowOfEachBlockAndEveryTrainingWindow()
    {
        // Book one's validation block 80-90 has windows starting at 80..85; every 3rd: 80, 83. Book two's 40-45: 40.
        WindowedCorpus windowed = WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4, EvaluationStride = 3 });

        Assert.Equal(Expected((BookOne, 0, 80), (BookTwo, 0, 40)), Spans(windowed.Train));
        Assert.Equal([BookOne.Substring(80, 5), BookOne.Substring(83, 5), BookTwo.Substring(40, 5)], Spans(windowed.Validation));
        Assert.Equal([BookOne.Substring(90, 5), BookOne.Substring(93, 5), BookTwo.Substring(45, 5)], Spans(windowed.Test));
    }

    [Fact]
    public void Create_WindowLongerThanEveryValidationBlock_ThrowsNamingTheSplitAndTheWindow()
    {
        // Validation blocks of 10 and 5 characters; a 12-character window fits the training blocks (80, 40) only.
        var error = Assert.Throws<ArgumentException>(() => WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 12 }));

        Assert.Equal("The validation blocks are too short for a window of 12 characters (the longest has 10 characters; a window needs 13): use a shorter --window-size, more text, or a larger --validation-fraction.", error.Message);
    }

    [Fact]
    public void TrainingRunSplits_EvaluationStride_EvaluatesEveryKthTrainingWindowAndTrainsOnAll()
    {
        var data = new CharacterWindowData(WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4, EvaluationStride = 3 }));

        var train = (CharacterWindowDataView)LanguageInterpolation.Pipelines.Composition.TrainingRun.Splits(data).First(split => split.Name == "train").View;

        Assert.Equal(76 + 36, data.Windows.Train.Count);
        Assert.Equal((76 + 2) / 3 + (36 + 2) / 3, train.GetRowCount());
    }

    [Fact]
    public void Create_HeldOutTwice_GivesIdenticalWindows()
    {
        var options = new CharacterWindowOptions { WindowSize = 3, Stride = 2 };

        WindowedCorpus first = WindowedCorpus.Create(TwoBooks, options);
        WindowedCorpus second = WindowedCorpus.Create(TwoBooks, options);

        Assert.Equal(Spans(first.Train), Spans(second.Train));
        Assert.Equal(Spans(first.Validation), Spans(second.Validation));
        Assert.Equal(Spans(first.Test), Spans(second.Test));
    }

    [Fact]
    public void Create_Memorize_SameWindowsInAllThreeSplits()
    {
        WindowedCorpus windowed = WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4, Split = SplitKind.Memorize });

        Assert.Same(windowed.Train, windowed.Validation);
        Assert.Same(windowed.Train, windowed.Test);
        Assert.Equal((100 - 4) + (50 - 4), windowed.Train.Count);
        Assert.Equal(Expected((BookOne, 0, 100), (BookTwo, 0, 50)), Spans(windowed.Train));
    }

    [Fact]
    public void Create_TextShorterThanWindow_ThrowsNamingWindowSize()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => WindowedCorpus.Create(TextCorpus.FromText("abcdefghij"), new CharacterWindowOptions { WindowSize = 16 }));

        Assert.Contains("window of 16 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsNamingEveryBadField()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = -1, Stride = 0 }));

        Assert.Contains("WindowSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("Stride", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnrepresentableCharacters_AreCounted()
    {
        WindowedCorpus windowed = WindowedCorpus.Create(
            TextCorpus.FromText("ab中cd—ef"), new CharacterWindowOptions { WindowSize = 2, Split = SplitKind.Memorize });

        // 中 dropped (1 unrepresentable), — becomes "--": a b c d - - e f = 8 ids.
        Assert.Equal(1, windowed.UnrepresentableCharacters);
        Assert.Equal(8, windowed.EncodedCharacters);
        Assert.Equal(6, windowed.Train.Count);
    }

    [Fact]
    public void DataViews_Corruption_ReachesTrainingRowsOnly()
    {
        var options = new CharacterWindowOptions { WindowSize = 8, Split = SplitKind.Memorize, CorruptionFraction = 0.5, Seed = 3 };
        WindowedCorpus windowed = WindowedCorpus.Create(TwoBooks, options);

        List<string> clean = CharacterWindowsTests.All(windowed.Train).Select(window => window.Context).ToList();
        List<string> train = CharacterWindowDataViewTests.Contexts(windowed.TrainDataView());
        List<string> validation = CharacterWindowDataViewTests.Contexts(windowed.ValidationDataView());
        List<string> test = CharacterWindowDataViewTests.Contexts(windowed.TestDataView());

        Assert.Equal(clean, validation);
        Assert.Equal(clean, test);
        Assert.NotEqual(clean, train);
        Assert.All(clean.Zip(train), pair => Assert.InRange(Differences(pair.First, pair.Second), 0, 4));
    }

    internal static int Differences(string a, string b) => a.Zip(b).Count(pair => pair.First != pair.Second);

    private static List<string> Spans(CharacterWindows windows) =>
        CharacterWindowsTests.All(windows).Select(window => window.Context + window.Label).ToList();

    // Every window of each block, written as the block's substring of context + label (sequence windows).
    private static List<string> Expected(params (string Book, int Start, int End)[] blocks) =>
        blocks.SelectMany(block => Enumerable.Range(block.Start, block.End - block.Start - 4).Select(i => block.Book.Substring(i, 5))).ToList();

    [Fact]
    public void Create_AsciiVocabulary_StoresOneBytePerCharacter()
    {
        WindowedCorpus windowed = WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4 });

        Assert.All(windowed.Train.PackedBlocks.Concat(windowed.Validation.PackedBlocks).Concat(windowed.Test.PackedBlocks),
            block => Assert.Equal(1, block.BytesPerId));
        Assert.Equal(80 + 40, windowed.Train.PackedBlocks.Sum(block => block.Length));
    }

    [Fact]
    public void Create_Cancelled_ThrowsBeforeEncoding()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4 }, null, cancelled.Token));
    }

    [Fact]
    public void Create_WithProgress_ReportsEncodingOfEveryBook()
    {
        var reports = new List<PreparationProgress>();

        WindowedCorpus.Create(TwoBooks, new CharacterWindowOptions { WindowSize = 4 }, new Recorder(reports.Add), CancellationToken.None);

        Assert.Equal(["one", "two"], reports.Select(report => report.Document).Distinct());
        Assert.Equal(300, reports[^1].Done); // two passes over 150 characters
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(reports.Select(report => report.Done).Order(), reports.Select(report => report.Done));
    }

    private sealed class Recorder(Action<PreparationProgress> record) : IProgress<PreparationProgress>
    {
        public void Report(PreparationProgress value) => record(value);
    }
}
