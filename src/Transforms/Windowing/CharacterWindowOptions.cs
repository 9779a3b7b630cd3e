using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>How a corpus becomes windows: vocabulary, window, split and corruption.</summary>
public sealed record CharacterWindowOptions
{
    /// <summary>The vocabulary; <value>ASCII (128 classes)</value> by default.</summary>
    public CharacterVocabulary Vocabulary { get; init; } = CharacterVocabulary.Ascii;

    /// <summary>Context characters per window. <value>16</value></summary>
    public int WindowSize { get; init; } = WindowDefaults.WindowSize;

    /// <summary>Sequence or centered. <value>Sequence</value></summary>
    public WindowKind Kind { get; init; } = WindowDefaults.Kind;

    /// <summary>Characters between consecutive window starts. <value>1</value></summary>
    public int Stride { get; init; } = WindowDefaults.Stride;

    /// <summary>
    /// Characters between consecutive window starts when evaluating: the validation and test blocks (held-out split)
    /// and the training figures. k scores every k-th target, each still with its whole window of context, so that
    /// models which pay a pass over the window per target (the transformers) are measured on the same, exact
    /// per-target measure in 1/k of the time. Every trainer in a run sees the same targets; training itself reads
    /// every window (<see cref="Stride"/>). <value>1</value>
    /// </summary>
    public int EvaluationStride { get; init; } = WindowDefaults.EvaluationStride;

    /// <summary>Memorize or held-out. <value>HeldOut</value></summary>
    public SplitKind Split { get; init; } = WindowDefaults.Split;

    /// <summary>Share of each book for validation (held-out split). <value>0.1</value></summary>
    public double ValidationFraction { get; init; } = WindowDefaults.ValidationFraction;

    /// <summary>Share of each book for the test (held-out split). <value>0.1</value></summary>
    public double TestFraction { get; init; } = WindowDefaults.TestFraction;

    /// <summary>Share of context characters replaced at random in training rows only. <value>0</value></summary>
    public double CorruptionFraction { get; init; } = WindowDefaults.CorruptionFraction;

    /// <summary>Seed of the corruption. <value>0</value></summary>
    public int Seed { get; init; } = WindowDefaults.Seed;

    /// <summary>Throws one <see cref="ArgumentException"/> that names every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (WindowSize < 1)
        {
            problems.Add($"{nameof(WindowSize)} must be at least 1 (got {WindowSize})");
        }
        if (Kind == WindowKind.Centered && WindowSize < 2)
        {
            problems.Add($"{nameof(WindowSize)} must be at least 2 for centered windows (got {WindowSize})");
        }
        if (Stride < 1)
        {
            problems.Add($"{nameof(Stride)} must be at least 1 (got {Stride})");
        }
        if (EvaluationStride < 1)
        {
            problems.Add($"{nameof(EvaluationStride)} must be at least 1 (got {EvaluationStride})");
        }
        if (ValidationFraction is < 0 or >= 1 || double.IsNaN(ValidationFraction))
        {
            problems.Add($"{nameof(ValidationFraction)} must be in [0, 1) (got {ValidationFraction})");
        }
        if (TestFraction is < 0 or >= 1 || double.IsNaN(TestFraction))
        {
            problems.Add($"{nameof(TestFraction)} must be in [0, 1) (got {TestFraction})");
        }
        if (Split == SplitKind.HeldOut && ValidationFraction + TestFraction >= 1)
        {
            problems.Add($"{nameof(ValidationFraction)} + {nameof(TestFraction)} must leave text for training (got {ValidationFraction + TestFraction})");
        }
        if (CorruptionFraction is < 0 or > 1 || double.IsNaN(CorruptionFraction))
        {
            problems.Add($"{nameof(CorruptionFraction)} must be in [0, 1] (got {CorruptionFraction})");
        }
        if (Vocabulary is null)
        {
            problems.Add($"{nameof(Vocabulary)} must be set");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid window options: " + string.Join("; ", problems) + ".");
        }
    }
}
