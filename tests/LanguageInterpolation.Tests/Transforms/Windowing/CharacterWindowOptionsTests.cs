using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Windowing;

public sealed class CharacterWindowOptionsTests
{
    [Fact]
    public void Ctor_Defaults_ArePinned()
    {
        var options = new CharacterWindowOptions();

        Assert.Same(CharacterVocabulary.Ascii, options.Vocabulary);
        Assert.Equal(16, options.WindowSize);
        Assert.Equal(WindowKind.Sequence, options.Kind);
        Assert.Equal(1, options.Stride);
        Assert.Equal(SplitKind.HeldOut, options.Split);
        Assert.Equal(0.1, options.ValidationFraction);
        Assert.Equal(0.1, options.TestFraction);
        Assert.Equal(0.0, options.CorruptionFraction);
        Assert.Equal(0, options.Seed);
        options.Validate();
    }

    [Fact]
    public void Validate_EveryFieldBad_OneExceptionNamesEachField()
    {
        var options = new CharacterWindowOptions
        {
            WindowSize = 0,
            Stride = 0,
            EvaluationStride = -2,
            ValidationFraction = -0.1,
            TestFraction = 1.5,
            CorruptionFraction = 2,
            Vocabulary = null!,
        };

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("WindowSize must be at least 1 (got 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Stride must be at least 1 (got 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("EvaluationStride must be at least 1 (got -2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ValidationFraction must be in [0, 1) (got -0.1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("TestFraction must be in [0, 1) (got 1.5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("CorruptionFraction must be in [0, 1] (got 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vocabulary must be set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeldOutFractionsLeaveNoTraining_NamesBothFractions()
    {
        var options = new CharacterWindowOptions { ValidationFraction = 0.5, TestFraction = 0.5 };

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("ValidationFraction + TestFraction must leave text for training", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MemorizeWithLargeFractions_IsAcceptedAndTheFractionsAreIgnored()
    {
        // Memorize trains and evaluates on the whole text, so fractions that would leave no training text are harmless.
        var options = new CharacterWindowOptions { Split = SplitKind.Memorize, ValidationFraction = 0.5, TestFraction = 0.5, WindowSize = 3 };

        Exception? error = Record.Exception(options.Validate);
        WindowedCorpus windows = WindowedCorpus.Create(new TextCorpus([new CorpusDocument("book", "abcdefgh")]), options);

        Assert.Null(error);
        Assert.Equal(8 - 3, windows.Train.Count); // every window of the text
        Assert.Same(windows.Train, windows.Validation);
        Assert.Same(windows.Train, windows.Test);
    }

    [Fact]
    public void Validate_CenteredWindowOfOne_NamesWindowSize()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            new CharacterWindowOptions { Kind = WindowKind.Centered, WindowSize = 1 }.Validate);

        Assert.Contains("WindowSize must be at least 2 for centered windows", error.Message, StringComparison.Ordinal);
    }
}
