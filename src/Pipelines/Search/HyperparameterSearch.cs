using LanguageInterpolation.Trainers.Presets;
using System.Diagnostics;
using System.Globalization;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// Random search with asynchronous successive halving (<see cref="SuccessiveHalvingScheduler"/>) over the fields
/// of a network preset. Each trial is the base preset with values drawn from the <see cref="SearchSpace"/>; a
/// job trains a trial up to its rung's epochs (or seconds), resuming from the trial's checkpoint at the rung
/// below, and scores it by its best validation bits per character. Every finished job is appended to the
/// trial log at once, so an interrupted search resumes where it stopped: jobs in the log are read back, not
/// run again. The best trial is returned as a preset (and written as a preset file that
/// <c>train --trainer best-preset.json</c> reads).
/// </summary>
public static partial class HyperparameterSearch
{
    /// <summary>The folder of a trial log's checkpoints: <c>trials.jsonl</c> → <c>trials.checkpoints</c>.</summary>
    public static string CheckpointFolder(string logPath)
    {
        ArgumentNullException.ThrowIfNull(logPath);
        return Path.ChangeExtension(Path.GetFullPath(logPath), ".checkpoints");
    }

    /// <summary>Runs (or resumes) a search.</summary>
    /// <exception cref="InvalidDataException">A search space that does not fit the base preset (the message names
    /// the fields), or a trial log of another search.</exception>
    /// <exception cref="ArgumentException">Invalid options, or data without validation windows.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the log holds every finished job.</exception>
    public static SearchResult Run(MLContext mlContext, CharacterWindowData data, NetworkPreset basePreset, SearchSpace space, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(basePreset);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (data.Windows.Validation.Count == 0)
        {
            throw new ArgumentException("The search minimises the validation bits per character, but the data has no validation windows: use a validation fraction above 0.");
        }
        space.Validate(basePreset, data.WindowSize, data.Vocabulary.Count);
        if (options.PlotParameter is string plotted && space.Parameters.All(parameter => parameter.Path != plotted))
        {
            throw new ArgumentException($"The plotted parameter '{plotted}' is not searched (searched: {string.Join(", ", space.Parameters.Select(parameter => parameter.Path))}).");
        }
        double maxResource = Math.Max(options.MaxResource ?? basePreset.Training.MaxEpochs, options.MinResource);
        IReadOnlyList<double> rungs = SuccessiveHalvingScheduler.Rungs(options.MinResource, maxResource, options.ReductionFactor, options.Trials);
        TrialLog log = TrialLog.Open(options.LogPath, Header(data, basePreset, space, options, rungs), options.Resume);
        string checkpoints = CheckpointFolder(options.LogPath);
        Directory.CreateDirectory(checkpoints);
        if (log.Records.Count == 0)
        {
            foreach (string stale in Directory.EnumerateFiles(checkpoints, "trial-*-rung-*.ckpt"))
            {
                File.Delete(stale); // left by an earlier search under the same log name
            }
        }
        var scheduler = new SuccessiveHalvingScheduler(rungs.Count, options.ReductionFactor, options.Trials);
        var records = new List<TrialRecord>(log.Records);
        foreach (TrialRecord record in log.Records)
        {
            scheduler.Complete(new SearchJob(record.Trial, record.Rung), record.Objective);
        }
        if (log.Records.Count > 0)
        {
            options.Log?.Invoke($"Resuming {options.LogPath}: {log.Records.Count} finished job(s) read back.");
        }
        options.Log?.Invoke($"Rungs ({options.RungUnit.ToString().ToLowerInvariant()}): {string.Join(", ", rungs.Select(rung => rung.ToString("G4", CultureInfo.InvariantCulture)))}; η = {options.ReductionFactor}; up to {options.Trials} trials; {options.Parallelism} at a time with {options.ThreadsPerTrial} thread(s) each.");
        var context = new JobContext(data, basePreset, space, options, rungs, records, checkpoints,
            options.TimeBudget is TimeSpan budget ? Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency) : null);
        int jobsRun = RunJobs(context, scheduler, log);
        return Finish(context, log.Records.Count, jobsRun);
    }

    // Keeps up to Parallelism jobs running; records each finished job in the log and the scheduler.
    private static int RunJobs(JobContext context, SuccessiveHalvingScheduler scheduler, TrialLog log)
    {
        var running = new Dictionary<Task<JobOutcome>, SearchJob>();
        Exception? failure = null;
        int jobsRun = 0;
        while (true)
        {
            while (failure is null && !context.PastDeadline && !context.Options.Cancellation.IsCancellationRequested
                   && running.Count < context.Options.Parallelism && scheduler.Next() is SearchJob job)
            {
                running[Task.Factory.StartNew(() => RunJob(context, job), TaskCreationOptions.LongRunning)] = job;
            }
            if (running.Count == 0)
            {
                break;
            }
            Task<JobOutcome> done = Task.WhenAny(running.Keys).GetAwaiter().GetResult();
            SearchJob finished = running[done];
            running.Remove(done);
            if (done.IsFaulted || done.IsCanceled)
            {
                scheduler.Abandon(finished);
                failure ??= done.Exception?.InnerException ?? new OperationCanceledException(context.Options.Cancellation);
                continue;
            }
            JobOutcome outcome = done.Result;
            if (outcome.Record is not TrialRecord record)
            {
                scheduler.Abandon(finished);
                context.Options.Log?.Invoke($"trial {finished.Trial} rung {finished.Rung}: cut by the time budget (it runs again on resume).");
                continue;
            }
            log.Append(record);
            context.Add(record);
            scheduler.Complete(finished, record.Objective);
            jobsRun++;
            context.Options.Log?.Invoke(Describe(record, context));
        }
        if (failure is not null and not OperationCanceledException)
        {
            throw failure;
        }
        if (failure is not null || context.Options.Cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(
                $"The search was interrupted; {context.Records.Count} finished job(s) are in {context.Options.LogPath}: run it again with resume to continue.",
                failure, context.Options.Cancellation);
        }
        return jobsRun;
    }

    private static SearchResult Finish(JobContext context, int replayed, int jobsRun)
    {
        TrialRecord? best = context.Records
            .Where(record => double.IsFinite(record.Objective))
            .OrderByDescending(record => record.Rung).ThenBy(record => record.Objective).ThenBy(record => record.Trial)
            .FirstOrDefault();
        var result = new SearchResult
        {
            Records = context.Records,
            Rungs = context.Rungs,
            RungUnit = context.Options.RungUnit,
            Space = context.Space,
            BasePreset = context.BasePreset,
            Best = best,
            BestPreset = best is null ? null : BestPreset(context, best),
            JobsRun = jobsRun,
            JobsReplayed = replayed,
            OutOfTime = context.PastDeadline,
        };
        if (best is not null)
        {
            context.Options.Log?.Invoke($"Best: {Describe(best, context)}");
        }
        if (context.Options.OutputDirectory is string folder)
        {
            result = result with { Files = SearchReport.Write(result, folder, context.Options.PlotParameter) };
            context.Options.Log?.Invoke($"Wrote {result.Files!.Markdown} and {result.Files.Chart}{(result.Files.BestPreset is null ? "" : " and the best preset " + result.Files.BestPreset)}.");
        }
        return result;
    }

    private static NetworkPreset BestPreset(JobContext context, TrialRecord best)
    {
        NetworkPreset preset = PresetOverrides.Apply(context.BasePreset, best.Parameters, $"{context.BasePreset.Name}-search");
        string values = string.Join(", ", best.Parameters.Select(pair => $"{pair.Key} = {SearchParameter.Describe(pair.Value)}"));
        return preset with
        {
            Description = string.Create(CultureInfo.InvariantCulture,
                $"Best of a search over {context.BasePreset.Name} (trial {best.Trial}: {values}): {best.Objective:F3} validation bits per character after {best.Epochs} epochs, {best.TrainSeconds:F0} s of training, on {context.Data.Windows.Train.Count:N0} training windows of {context.Data.WindowSize}."),
            Training = JobTraining(preset.Training, context.Options.RungUnit, best.Resource),
        };
    }

    private static TrialLogHeader Header(CharacterWindowData data, NetworkPreset basePreset, SearchSpace space, SearchOptions options, IReadOnlyList<double> rungs) => new()
    {
        Space = space.ToJson(),
        BasePreset = System.Text.Json.JsonSerializer.Serialize(basePreset with { Name = "base", Description = string.Empty }, NetworkJson.Options),
        Seed = options.Seed,
        RungUnit = options.RungUnit.ToString(),
        Rungs = rungs,
        ReductionFactor = options.ReductionFactor,
        Threads = options.ThreadsPerTrial,
        Data = string.Create(CultureInfo.InvariantCulture,
            $"{data.Windows.Train.Count} training and {data.Windows.Validation.Count} validation windows of {data.WindowSize}, {data.Vocabulary.Count} classes, {data.Windows.Options.Split}"),
    };

    private static string Describe(TrialRecord record, JobContext context) => string.Create(CultureInfo.InvariantCulture,
        $"trial {record.Trial} rung {record.Rung} ({record.Resource:G4} {context.Options.RungUnit.ToString().ToLowerInvariant()}): {record.Objective:F4} bits/char, {record.Epochs} epochs, {record.TrainSeconds:F1} s [{string.Join(", ", record.Parameters.Select(pair => $"{pair.Key} = {SearchParameter.Describe(pair.Value)}"))}]");
}
