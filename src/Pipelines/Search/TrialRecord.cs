using System.Text.Json.Nodes;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>One finished search job, as one line of the trial log.</summary>
public sealed record TrialRecord
{
    /// <summary>The trial (configuration) number, from 1.</summary>
    public required int Trial { get; init; }

    /// <summary>The rung, from 0.</summary>
    public required int Rung { get; init; }

    /// <summary>The rung's resource: epochs, or training seconds (see <see cref="SearchOptions.RungUnit"/>).</summary>
    public required double Resource { get; init; }

    /// <summary>The objective: the best validation bits per character so far (NaN if training diverged).</summary>
    public required double Objective { get; init; }

    /// <summary>Validation accuracy at the best epoch.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>Epochs trained so far (all rungs).</summary>
    public required int Epochs { get; init; }

    /// <summary>Training seconds so far (all rungs; validation excluded).</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>Wall seconds of this job (data reading and validation included).</summary>
    public required double JobSeconds { get; init; }

    /// <summary>Why the training loop stopped.</summary>
    public required string StopReason { get; init; }

    /// <summary>The trial's values, by field path.</summary>
    public required IReadOnlyDictionary<string, JsonNode?> Parameters { get; init; }

    /// <summary>When the job finished (UTC, ISO 8601).</summary>
    public required string FinishedUtc { get; init; }
}
