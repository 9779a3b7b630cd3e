using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>Everything a comparison measured, one row per entry in the order given.</summary>
public sealed record ComparisonResult
{
    /// <summary>One row per entry.</summary>
    public required IReadOnlyList<ComparisonRow> Rows { get; init; }

    /// <summary>The window options of the data (window size, split, fractions).</summary>
    public required CharacterWindowOptions Windows { get; init; }

    /// <summary>Training windows.</summary>
    public required long TrainingRows { get; init; }

    /// <summary>Validation windows.</summary>
    public required long ValidationRows { get; init; }

    /// <summary>Test windows.</summary>
    public required long TestRows { get; init; }

    /// <summary>The shared settings the entries trained with.</summary>
    public required TrainerSettings Settings { get; init; }

    /// <summary>The files written, when <see cref="ComparisonOptions.OutputDirectory"/> was set.</summary>
    public ComparisonFiles? Files { get; init; }

    /// <summary>The row with the lowest held-out bits per character.</summary>
    public ComparisonRow Best => Rows.MinBy(row => row.HeldOut.BitsPerCharacter)!;
}
