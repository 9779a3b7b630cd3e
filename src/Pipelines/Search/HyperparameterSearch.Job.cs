using LanguageInterpolation.Trainers.Presets;
using System.Diagnostics;
using System.Globalization;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Search;

public static partial class HyperparameterSearch
{
    /// <summary>Epoch limit of a job whose rungs count seconds (the time budget stops it first).</summary>
    private const int SecondsRungMaxEpochs = 10_000;

    /// <summary>Training options of a job, or of the best preset: train up to <paramref name="resource"/>
    /// epochs, or for <paramref name="resource"/> seconds.</summary>
    private static TrainingOptions JobTraining(TrainingOptions training, RungUnit unit, double resource) => unit == RungUnit.Epochs
        ? training with { MaxEpochs = (int)resource, TimeBudget = null }
        : training with { MaxEpochs = SecondsRungMaxEpochs, TimeBudget = TimeSpan.FromSeconds(resource) };

    /// <summary>Trains one job: from scratch at rung 0, else from the trial's checkpoint at the rung below.</summary>
    private static JobOutcome RunJob(JobContext context, SearchJob job)
    {
        SearchOptions options = context.Options;
        var clock = Stopwatch.StartNew();
        var values = context.Space.Sample(options.Seed, job.Trial);
        NetworkPreset preset = PresetOverrides.Apply(context.BasePreset, values, string.Create(CultureInfo.InvariantCulture, $"{context.BasePreset.Name}-trial-{job.Trial}"));
        double resource = context.Rungs[job.Rung];
        double secondsBefore = job.Rung == 0 ? 0 : context.Record(job.Trial, job.Rung - 1).TrainSeconds;
        string? resumeFrom = job.Rung == 0 ? null : CheckpointPath(context, job.Trial, job.Rung - 1);
        string? checkpoint = job.Rung == context.Rungs.Count - 1 ? null : CheckpointPath(context, job.Trial, job.Rung);
        TrainingOptions training = TrainerRegistry.ApplySettings(JobTraining(preset.Training, options.RungUnit, resource), new TrainerSettings
        {
            Seed = options.Seed,
            Threads = options.ThreadsPerTrial,
            Device = options.Device,
            CheckpointPath = checkpoint,
            ResumeFrom = resumeFrom,
        });
        // The deadline caps the job's training time (which counts the trial's earlier rungs too).
        bool deadlineBinds = false;
        if (context.SecondsLeft is double left)
        {
            double cap = secondsBefore + Math.Max(left, 0.001);
            if (training.TimeBudget is null || cap < training.TimeBudget.Value.TotalSeconds)
            {
                training = training with { TimeBudget = TimeSpan.FromSeconds(cap) };
                deadlineBinds = true;
            }
        }
        var trainerOptions = NetworkTrainer.Options.FromPreset(preset);
        trainerOptions.Training = training;
        trainerOptions.Progress = options.Progress;
        trainerOptions.Cancellation = options.Cancellation;
        var mlContext = new MLContext(options.Seed).RegisterLanguageInterpolation();
        TrainingHistory history;
        try
        {
            NetworkModel model = mlContext.MulticlassClassification.Trainers.Network(trainerOptions).Fit(context.Data.Train, context.Data.Validation);
            history = model.History;
            model.Network.Dispose();
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            options.Log?.Invoke($"trial {job.Trial} rung {job.Rung} failed: {error.Message}");
            return new JobOutcome(Failed(job, resource, values, clock.Elapsed, error));
        }
        if (history.StopReason == StopReason.TimeBudget && deadlineBinds)
        {
            Delete(checkpoint);
            return new JobOutcome(null);
        }
        Delete(resumeFrom); // a trial is promoted from a rung at most once
        EpochReport? bestEpoch = history.Epochs
            .Where(epoch => epoch.ValidationLoss is double loss && double.IsFinite(loss))
            .MinBy(epoch => epoch.ValidationLoss);
        return new JobOutcome(new TrialRecord
        {
            Trial = job.Trial,
            Rung = job.Rung,
            Resource = resource,
            Objective = bestEpoch?.ValidationBitsPerCharacter ?? double.NaN,
            ValidationAccuracy = bestEpoch?.ValidationAccuracy,
            Epochs = history.Epochs.Count,
            TrainSeconds = history.TrainSeconds,
            JobSeconds = clock.Elapsed.TotalSeconds,
            StopReason = history.StopReason.ToString(),
            Parameters = values,
            FinishedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    private static TrialRecord Failed(SearchJob job, double resource, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> values, TimeSpan elapsed, Exception error) => new()
    {
        Trial = job.Trial,
        Rung = job.Rung,
        Resource = resource,
        Objective = double.NaN,
        Epochs = 0,
        TrainSeconds = 0,
        JobSeconds = elapsed.TotalSeconds,
        StopReason = "Failed: " + error.Message,
        Parameters = values,
        FinishedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string CheckpointPath(JobContext context, int trial, int rung) =>
        Path.Combine(context.CheckpointFolder, string.Create(CultureInfo.InvariantCulture, $"trial-{trial:D4}-rung-{rung}.ckpt"));

    private static void Delete(string? path)
    {
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>What every job of a search shares.</summary>
    private sealed record JobContext(
        CharacterWindowData Data,
        NetworkPreset BasePreset,
        SearchSpace Space,
        SearchOptions Options,
        IReadOnlyList<double> Rungs,
        List<TrialRecord> Records,
        string CheckpointFolder,
        long? DeadlineTimestamp)
    {
        private readonly Lock _gate = new();

        /// <summary>Seconds to the deadline (negative past it); null without a time budget.</summary>
        public double? SecondsLeft => DeadlineTimestamp is long deadline
            ? (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency
            : null;

        /// <summary>True once the time budget is spent.</summary>
        public bool PastDeadline => SecondsLeft is <= 0;

        /// <summary>Adds a finished job (on the coordinating thread, while jobs read).</summary>
        public void Add(TrialRecord record)
        {
            lock (_gate)
            {
                Records.Add(record);
            }
        }

        /// <summary>The finished job of a trial at a rung.</summary>
        public TrialRecord Record(int trial, int rung)
        {
            lock (_gate)
            {
                return Records.Last(record => record.Trial == trial && record.Rung == rung);
            }
        }
    }

    /// <summary>A finished job's record, or null when the deadline cut it.</summary>
    private sealed record JobOutcome(TrialRecord? Record);
}
