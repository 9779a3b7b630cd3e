using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>What a search found.</summary>
public sealed record SearchResult
{
    /// <summary>Every finished job, in the order of the trial log (jobs read back from it first).</summary>
    public required IReadOnlyList<TrialRecord> Records { get; init; }

    /// <summary>The rungs' resources (epochs or seconds).</summary>
    public required IReadOnlyList<double> Rungs { get; init; }

    /// <summary>What the rungs count.</summary>
    public required RungUnit RungUnit { get; init; }

    /// <summary>The searched fields.</summary>
    public required SearchSpace Space { get; init; }

    /// <summary>The preset the trials change.</summary>
    public required NetworkPreset BasePreset { get; init; }

    /// <summary>The best job: among the highest rung any trial reached, the lowest validation bits per
    /// character; null when no job finished.</summary>
    public TrialRecord? Best { get; init; }

    /// <summary>The base preset with the best trial's values, trained as long as the best job was (its rung's
    /// epochs, or time budget); null when no job finished.</summary>
    public NetworkPreset? BestPreset { get; init; }

    /// <summary>Jobs trained by this run.</summary>
    public required int JobsRun { get; init; }

    /// <summary>Jobs read back from the trial log (not trained again).</summary>
    public required int JobsReplayed { get; init; }

    /// <summary>True when the time budget ended the search.</summary>
    public required bool OutOfTime { get; init; }

    /// <summary>The files written, when <see cref="SearchOptions.OutputDirectory"/> was set.</summary>
    public SearchFiles? Files { get; init; }
}
