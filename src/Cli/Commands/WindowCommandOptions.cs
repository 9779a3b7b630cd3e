using System.CommandLine;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>The options that say how text becomes windows.</summary>
public sealed class WindowCommandOptions
{
    /// <summary>Context characters per window.</summary>
    public Option<int> WindowSize { get; } = new("--window-size", "--window") { Description = "Context characters per window (the ONNX metadata's li.window_size; --window is an alias).", DefaultValueFactory = _ => WindowDefaults.WindowSize };

    /// <summary>Sequence or centered.</summary>
    public Option<WindowKind> Kind { get; } = new("--window-kind") { Description = "sequence (predict the next character) or centered (predict the middle one).", DefaultValueFactory = _ => WindowDefaults.Kind };

    /// <summary>Characters between window starts.</summary>
    public Option<int> Stride { get; } = new("--stride") { Description = "Characters between consecutive window starts.", DefaultValueFactory = _ => WindowDefaults.Stride };

    /// <summary>Held-out targets between scored ones.</summary>
    public Option<int> EvaluationStride { get; } = new("--evaluation-stride") { Description = "Evaluate every k-th target (validation, test and the training figures), each with its whole window, the same targets for every trainer: cuts evaluation time k-fold for the transformers, which pay a pass over the window per target. Training reads every window.", DefaultValueFactory = _ => WindowDefaults.EvaluationStride };

    /// <summary>Memorize or held-out.</summary>
    public Option<SplitKind> Split { get; } = new("--split") { Description = "heldout (train/validation/test blocks of every book) or memorize (evaluate on the training text).", DefaultValueFactory = _ => WindowDefaults.Split };

    /// <summary>Validation share.</summary>
    public Option<double> ValidationFraction { get; } = new("--validation-fraction") { Description = "Share of every book held out for validation.", DefaultValueFactory = _ => WindowDefaults.ValidationFraction };

    /// <summary>Test share.</summary>
    public Option<double> TestFraction { get; } = new("--test-fraction") { Description = "Share of every book held out for the test.", DefaultValueFactory = _ => WindowDefaults.TestFraction };

    /// <summary>Training corruption share.</summary>
    public Option<double> Corruption { get; } = new("--corruption") { Description = "Share of context characters replaced at random in training rows.", DefaultValueFactory = _ => WindowDefaults.CorruptionFraction };

    /// <summary>Vocabulary family.</summary>
    public Option<VocabularyKind> Vocabulary { get; } = new("--vocabulary") { Description = $"ascii ({CharacterVocabulary.Ascii.Count} classes, transliterated) or corpus (every character of the books plus an unknown symbol).", DefaultValueFactory = _ => VocabularyKind.Ascii };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command, bool includeVocabulary = true)
    {
        command.Options.Add(WindowSize);
        command.Options.Add(Kind);
        command.Options.Add(Stride);
        command.Options.Add(EvaluationStride);
        command.Options.Add(Split);
        command.Options.Add(ValidationFraction);
        command.Options.Add(TestFraction);
        command.Options.Add(Corruption);
        if (includeVocabulary)
        {
            command.Options.Add(Vocabulary);
        }
    }

    /// <summary>Window options from the parsed command line, with a given vocabulary.</summary>
    public CharacterWindowOptions Read(ParseResult parse, CharacterVocabulary vocabulary, int seed) => new()
    {
        Vocabulary = vocabulary,
        WindowSize = parse.GetValue(WindowSize),
        Kind = parse.GetValue(Kind),
        Stride = parse.GetValue(Stride),
        EvaluationStride = parse.GetValue(EvaluationStride),
        Split = parse.GetValue(Split),
        ValidationFraction = parse.GetValue(ValidationFraction),
        TestFraction = parse.GetValue(TestFraction),
        CorruptionFraction = parse.GetValue(Corruption),
        Seed = seed,
    };

    /// <summary>The vocabulary the options ask for, built from the corpus when needed.</summary>
    public CharacterVocabulary ReadVocabulary(ParseResult parse, TextCorpus corpus) =>
        parse.GetValue(Vocabulary) == VocabularyKind.Corpus
            ? CharacterVocabulary.FromTexts(corpus.Select(document => document.Text))
            : CharacterVocabulary.Ascii;
}
