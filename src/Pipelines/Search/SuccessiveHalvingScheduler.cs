namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter
/// Tuning", 2020): rung k trains a trial up to resource r_k = r_0·η^k (the last rung: the maximum). Whenever
/// a worker is free, the best trial in the top 1/η of a rung that has not been promoted yet goes up one
/// rung (highest rungs first); if there is none, a new random trial starts at rung 0, until the trial count
/// is reached. Unlike synchronous halving it never waits for a whole rung to finish, so it suits a time
/// budget (stop at any moment, the best trials are the ones trained longest) and parallel workers. With one
/// worker its decisions are a function of the results alone, so a replayed log leads to the same jobs.
/// </summary>
public sealed class SuccessiveHalvingScheduler
{
    private readonly Dictionary<(int Trial, int Rung), double> _results = [];
    private readonly HashSet<(int Trial, int Rung)> _started = [];
    private readonly SortedSet<int> _abandonedTrials = [];

    /// <summary>Creates a scheduler.</summary>
    /// <param name="rungCount">Rungs (1 is plain random search).</param>
    /// <param name="reductionFactor">η: a rung promotes its best 1/η.</param>
    /// <param name="maxTrials">Trials (configurations) to start at most.</param>
    public SuccessiveHalvingScheduler(int rungCount, int reductionFactor, int maxTrials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rungCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrials, 1);
        RungCount = rungCount;
        ReductionFactor = reductionFactor;
        MaxTrials = maxTrials;
    }

    /// <summary>Rungs.</summary>
    public int RungCount { get; }

    /// <summary>
    /// The resource of every rung: r_k = <paramref name="minResource"/>·η^k while below
    /// <paramref name="maxResource"/>, and <paramref name="maxResource"/> last. Only 1 + ⌊log_η(trials)⌋ rungs
    /// can ever fill (each promotes ⌊n/η⌋), so with fewer trials the lowest rungs are kept and the last one
    /// stays at the maximum: 20 trials, η = 3, 1..20 epochs gives 1, 3 and 20 epochs.
    /// </summary>
    public static IReadOnlyList<double> Rungs(double minResource, double maxResource, int reductionFactor, int maxTrials)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minResource);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResource, minResource);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrials, 1);
        var rungs = new List<double>();
        for (double resource = minResource; resource < maxResource; resource *= reductionFactor)
        {
            rungs.Add(resource);
        }
        int fillable = 1;
        for (long survivors = maxTrials / reductionFactor; survivors >= 1; survivors /= reductionFactor)
        {
            fillable++;
        }
        return [.. rungs.Take(fillable - 1), maxResource];
    }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>Trials to start at most.</summary>
    public int MaxTrials { get; }

    /// <summary>Trials started so far (numbered 1..<see cref="TrialsStarted"/>).</summary>
    public int TrialsStarted { get; private set; }

    /// <summary>
    /// The next job: a promotion if one is due, else a new trial when <paramref name="mayStartTrial"/> and the
    /// trial count allows, else null (wait for running jobs, or the search is over). The job is marked started.
    /// </summary>
    public SearchJob? Next(bool mayStartTrial = true)
    {
        for (int rung = RungCount - 2; rung >= 0; rung--)
        {
            if (Promotable(rung) is int trial)
            {
                var job = new SearchJob(trial, rung + 1);
                _started.Add((job.Trial, job.Rung));
                return job;
            }
        }
        if (!mayStartTrial)
        {
            return null;
        }
        if (_abandonedTrials.Count > 0)
        {
            int again = _abandonedTrials.Min;
            _abandonedTrials.Remove(again);
            _started.Add((again, 0));
            return new SearchJob(again, 0);
        }
        if (TrialsStarted >= MaxTrials)
        {
            return null;
        }
        TrialsStarted++;
        _started.Add((TrialsStarted, 0));
        return new SearchJob(TrialsStarted, 0);
    }

    /// <summary>Records a finished job's objective (lower is better; NaN counts as worst).</summary>
    public void Complete(SearchJob job, double objective)
    {
        ArgumentNullException.ThrowIfNull(job);
        _started.Add((job.Trial, job.Rung));
        _results[(job.Trial, job.Rung)] = double.IsNaN(objective) ? double.PositiveInfinity : objective;
        _abandonedTrials.Remove(job.Trial);
        TrialsStarted = Math.Max(TrialsStarted, job.Trial);
    }

    /// <summary>Forgets a started job that did not finish (cut by the deadline): a promotion may be chosen
    /// again, and an unfinished new trial is offered again (same number, so the same draw) before any new one.</summary>
    public void Abandon(SearchJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!_results.ContainsKey((job.Trial, job.Rung)))
        {
            _started.Remove((job.Trial, job.Rung));
            if (job.Rung == 0)
            {
                _abandonedTrials.Add(job.Trial);
            }
        }
    }

    /// <summary>True once the job has a result.</summary>
    public bool IsComplete(SearchJob job) => job is not null && _results.ContainsKey((job.Trial, job.Rung));

    // The best trial among the top ⌊n/η⌋ of a rung whose promotion has not started.
    private int? Promotable(int rung)
    {
        var finished = _results.Where(pair => pair.Key.Rung == rung)
            .OrderBy(pair => pair.Value).ThenBy(pair => pair.Key.Trial)
            .Select(pair => pair.Key.Trial)
            .ToList();
        int top = finished.Count / ReductionFactor;
        foreach (int trial in finished.Take(top))
        {
            if (!_started.Contains((trial, rung + 1)))
            {
                return trial;
            }
        }
        return null;
    }
}
