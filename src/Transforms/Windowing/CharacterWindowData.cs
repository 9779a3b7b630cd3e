using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;

namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>The training, validation and test windows of a corpus as ML.NET data views.</summary>
public sealed class CharacterWindowData
{
    /// <summary>Wraps encoded, split windows; corruption (if any) goes to the training view only.</summary>
    public CharacterWindowData(WindowedCorpus windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        Windows = windows;
        Train = windows.TrainDataView();
        Validation = windows.ValidationDataView();
        Test = windows.TestDataView();
    }

    /// <summary>The encoded and split corpus.</summary>
    public WindowedCorpus Windows { get; }

    /// <summary>The vocabulary.</summary>
    public CharacterVocabulary Vocabulary => Windows.Vocabulary;

    /// <summary>Context characters per window.</summary>
    public int WindowSize => Windows.Options.WindowSize;

    /// <summary>Training rows.</summary>
    public IDataView Train { get; }

    /// <summary>Validation rows (the training text under the memorize split).</summary>
    public IDataView Validation { get; }

    /// <summary>Test rows (the training text under the memorize split).</summary>
    public IDataView Test { get; }
}
