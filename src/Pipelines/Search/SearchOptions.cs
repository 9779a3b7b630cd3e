using LanguageInterpolation.Trainers.Training;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>How a hyperparameter search runs: how many trials, the rungs of successive halving, the time
/// budget, parallel trials, the trial log and the report.</summary>
public sealed record SearchOptions
{
    /// <summary>The trial log (JSON lines); required. Its checkpoints go to a folder next to it
    /// (<c>trials.checkpoints/</c>).</summary>
    public required string LogPath { get; init; }

    /// <summary>Continue the search recorded in <see cref="LogPath"/>: finished jobs are read back, not run again.
    /// Without it an existing log is an error. <value>false</value></summary>
    public bool Resume { get; init; }

    /// <summary>Trials (configurations) to start at most. <value>20</value></summary>
    public int Trials { get; init; } = SearchDefaults.Trials;

    /// <summary>Wall-clock limit of the whole search (this run; a resumed run gets a new one): no job starts
    /// after it, and running jobs are cut at it (and run again on resume); null means no limit. <value>null</value></summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>What rungs count. <value>Epochs</value></summary>
    public RungUnit RungUnit { get; init; } = RungUnit.Epochs;

    /// <summary>The first rung's resource (epochs or seconds). <value>1</value></summary>
    public double MinResource { get; init; } = SearchDefaults.MinResource;

    /// <summary>The last rung's resource; null means the base preset's maximum epochs (required for
    /// <see cref="RungUnit.Seconds"/>). <value>null</value></summary>
    public double? MaxResource { get; init; }

    /// <summary>η: each rung promotes its best 1/η. <value>3</value></summary>
    public int ReductionFactor { get; init; } = SearchDefaults.ReductionFactor;

    /// <summary>
    /// Trials trained at the same time. <value>1</value> With 2 cores the choice is 1 trial × 2 threads or
    /// 2 trials × 1 thread. One trial is the default: TorchSharp results are bitwise reproducible only for a
    /// fixed thread count and, with one worker, ASHA's promotions depend on the results alone, so a search is
    /// reproducible and resumes to the same trials; large networks also use both threads well (matrix
    /// products). Two trials suit tiny networks, whose small ops leave a second thread idle; their order of
    /// completion, and so the promotions, then vary from run to run.
    /// </summary>
    public int Parallelism { get; init; } = SearchDefaults.Parallelism;

    /// <summary>TorchSharp threads per trial; null means the cores divided among the parallel trials. <value>null</value></summary>
    public int? Threads { get; init; }

    /// <summary>Seed of the trials' draws and of every trial's training. <value>0</value></summary>
    public int Seed { get; init; }

    /// <summary>"cpu" or "cuda"; null keeps the preset's. <value>null</value></summary>
    public string? Device { get; init; }

    /// <summary>Folder for the best preset, the markdown table and the chart; null writes none. <value>null</value></summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The field plotted on the x axis of the chart's second panel; null means the first searched
    /// field. <value>null</value></summary>
    public string? PlotParameter { get; init; }

    /// <summary>Receives one line per job.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Receives the epoch reports of every job.</summary>
    public IProgress<EpochReport>? Progress { get; init; }

    /// <summary>Stops the search: running jobs stop, nothing unfinished is logged, and <c>Run</c> throws
    /// <see cref="OperationCanceledException"/>; run again with <see cref="Resume"/> to continue.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>TorchSharp threads each trial gets.</summary>
    public int ThreadsPerTrial => Threads ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, Parallelism));

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        void Check(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }
        Check(!string.IsNullOrWhiteSpace(LogPath), $"{nameof(LogPath)} must be set");
        Check(Trials >= 1, $"{nameof(Trials)} must be at least 1 (got {Trials})");
        Check(TimeBudget is null || TimeBudget > TimeSpan.Zero, $"{nameof(TimeBudget)} must be positive (got {TimeBudget})");
        Check(MinResource > 0 && double.IsFinite(MinResource), $"{nameof(MinResource)} must be positive (got {MinResource})");
        Check(MaxResource is null || MaxResource >= MinResource, $"{nameof(MaxResource)} must be at least {nameof(MinResource)} (got {MaxResource} < {MinResource})");
        Check(RungUnit != RungUnit.Seconds || MaxResource is not null, $"{nameof(MaxResource)} must be set when rungs count seconds");
        Check(RungUnit != RungUnit.Epochs || (MinResource == Math.Floor(MinResource) && (MaxResource is null || MaxResource == Math.Floor(MaxResource.Value))),
            $"{nameof(MinResource)} and {nameof(MaxResource)} must be whole epochs (got {MinResource} and {MaxResource})");
        Check(Enum.IsDefined(RungUnit), $"{nameof(RungUnit)} must be Epochs or Seconds (got {(int)RungUnit})");
        Check(ReductionFactor >= 2, $"{nameof(ReductionFactor)} must be at least 2 (got {ReductionFactor})");
        Check(Parallelism >= 1, $"{nameof(Parallelism)} must be at least 1 (got {Parallelism})");
        Check(Threads is null || Threads >= 1, $"{nameof(Threads)} must be at least 1 (got {Threads})");
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid search options: " + string.Join("; ", problems) + ".");
        }
    }
}
