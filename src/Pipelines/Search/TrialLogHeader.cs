namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// The first line of a trial log: everything that decides a trial's result (the space, the base preset, the
/// seed, the rungs, the threads, the data's shape). Resuming requires the same header; the trial count and
/// the time budget may change (they only decide when to stop).
/// </summary>
public sealed record TrialLogHeader
{
    /// <summary>The log format version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The search space (canonical JSON).</summary>
    public required string Space { get; init; }

    /// <summary>The base preset (JSON).</summary>
    public required string BasePreset { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>"Epochs" or "Seconds".</summary>
    public required string RungUnit { get; init; }

    /// <summary>The rungs' resources.</summary>
    public required IReadOnlyList<double> Rungs { get; init; }

    /// <summary>η.</summary>
    public required int ReductionFactor { get; init; }

    /// <summary>TorchSharp threads per trial (results differ in the last bits between thread counts).</summary>
    public required int Threads { get; init; }

    /// <summary>Training, validation windows, window size and vocabulary size.</summary>
    public required string Data { get; init; }

    /// <summary>The fields that differ from <paramref name="other"/>, by name.</summary>
    public IReadOnlyList<string> Differences(TrialLogHeader other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        void Check(string name, bool same)
        {
            if (!same)
            {
                differences.Add(name);
            }
        }
        Check(nameof(Version), Version == other.Version);
        Check(nameof(Space), Space == other.Space);
        Check(nameof(BasePreset), BasePreset == other.BasePreset);
        Check(nameof(Seed), Seed == other.Seed);
        Check(nameof(RungUnit), RungUnit == other.RungUnit);
        Check(nameof(Rungs), Rungs.SequenceEqual(other.Rungs));
        Check(nameof(ReductionFactor), ReductionFactor == other.ReductionFactor);
        Check(nameof(Threads), Threads == other.Threads);
        Check(nameof(Data), Data == other.Data);
        return differences;
    }
}
