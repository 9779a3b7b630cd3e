using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Bench.Training;
using LanguageInterpolation.Pipelines.Diagnostics;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Training;
using TorchSharp;

namespace LanguageInterpolation.Bench.Original;

/// <summary>One training run of ours on the same windows, batch size and learning rate as the original's run,
/// evaluated over all windows after every epoch and, until it has reached the original's accuracies (the targets),
/// <see cref="EvaluationsPerEpoch"/> times per epoch (evaluation time excluded), in a fresh process of its own as the
/// original's is.</summary>
/// <remarks>Why a fresh process: so that both programs start cold and pay their own start-up in their first epoch,
/// and neither inherits the other's state. (It does not remove a slowdown seen on this machine kind: right after
/// the original's run ours trained large_standard at 165,000-190,000 samples/s, in the comparing process and in a
/// fresh one alike, against 210,000-217,000 when run alone; a process that slept 200 s also stayed ~20 % slower,
/// 4.2 -> 5.2 ms per step. The cause was not found; bench/README.md.)</remarks>
internal sealed record OurRun
{
    /// <summary>Evaluations per epoch while a target is unreached: the time to accuracy is then known to a tenth of an
    /// epoch rather than to the epoch's end.</summary>
    public const int EvaluationsPerEpoch = 10;

    /// <summary>Training seconds of each epoch, epoch 1 first.</summary>
    public required IReadOnlyList<double> EpochSeconds { get; init; }

    /// <summary>Accuracy over all windows after each epoch.</summary>
    public required IReadOnlyList<double?> Accuracy { get; init; }

    /// <summary>Every evaluation, within epochs and at their ends, in order.</summary>
    public required IReadOnlyList<AccuracyPoint> Evaluations { get; init; }

    /// <summary>Median samples per second of epochs 2-4 (of all epochs when fewer).</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Peak resident memory of this process during the run (VmHWM after a reset), MiB.</summary>
    public required double PeakMebibytes { get; init; }

    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }

    /// <summary>Trains <paramref name="preset"/> on <paramref name="data"/> for <paramref name="epochs"/> epochs,
    /// evaluating within epochs until every one of <paramref name="targets"/> is reached.</summary>
    public static OurRun Execute(NetworkPreset preset, TrainingData data, int epochs, int threads, int seed, IReadOnlyList<double> targets)
    {
        TrainingOptions options = preset.Training with
        {
            MaxEpochs = epochs,
            Threads = threads,
            Seed = seed,
            EarlyStoppingPatience = 0,
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
        };
        PeakMemory.Reset();
        using var generator = new torch.Generator((ulong)seed);
        using LanguageNetwork network = preset.Network.WithShape(data.WindowSize, 128).Build(generator);
        var evaluations = new List<AccuracyPoint>();
        // Every target is reached once the highest is.
        double highest = targets.Count == 0 ? double.NegativeInfinity : targets.Max();
        bool Unreached() => targets.Count > 0 && !evaluations.Any(point => point.Accuracy >= highest);
        TrainingLoop? loop = null;
        loop = new TrainingLoop(network, options, new Progress(preset.Name, evaluations))
        {
            AfterStep = step =>
            {
                int interval = Math.Max(1, (step.StepsPerEpoch + EvaluationsPerEpoch - 1) / EvaluationsPerEpoch);
                if (step.Step % interval == 0 && step.Step < step.StepsPerEpoch && Unreached())
                {
                    evaluations.Add(new AccuracyPoint(step.CumulativeTrainSeconds, loop!.Evaluate(data).Accuracy));
                }
            },
        };
        TrainingHistory history = loop.Run(data, data);
        IEnumerable<double> rates = history.Epochs.Skip(1).Take(3).Select(epoch => epoch.SamplesPerSecond).DefaultIfEmpty(history.Epochs[0].SamplesPerSecond);
        return new OurRun
        {
            EpochSeconds = [.. history.Epochs.Select(epoch => epoch.TrainSeconds)],
            Accuracy = [.. history.Epochs.Select(epoch => epoch.ValidationAccuracy)],
            Evaluations = evaluations,
            SamplesPerSecond = Statistics.Median(rates),
            PeakMebibytes = PeakMemory.PeakBytes() / 1048576.0,
            Parameters = network.ParameterCount,
        };
    }

    /// <summary>Runs <see cref="Execute"/> in a child process (<c>li-bench original-our-run</c>) and reads its result.</summary>
    public static OurRun ExecuteInFreshProcess(OriginalSettings settings, string preset, int seed, IReadOnlyList<double> targets)
    {
        string json = ChildResult.NewPath("our-run", preset, seed);
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        string entry = typeof(OurRun).Assembly.Location;
        if (!string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), Path.GetFileNameWithoutExtension(entry), StringComparison.Ordinal))
        {
            start.ArgumentList.Add(entry); // run through the dotnet host
        }
        foreach (string argument in new[]
        {
            "original-our-run", "--preset", preset, "--book", settings.Book, "--json", json,
            "--epochs", settings.OurEpochs.ToString(CultureInfo.InvariantCulture),
            "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--targets", string.Join(',', targets.Select(target => target.ToString("R", CultureInfo.InvariantCulture))),
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start li-bench original-our-run.");
        process.WaitForExit();
        string result = ChildResult.ReadAndDelete(json, process.ExitCode, $"Our run of {preset} (li-bench original-our-run) failed");
        return JsonSerializer.Deserialize<OurRun>(result) ?? throw new InvalidOperationException($"{json} held no result.");
    }

    /// <summary><c>li-bench original-our-run --preset NAME --book FILE --json OUT --epochs N --threads T --seed S [--targets A,B,C]</c>:
    /// one run of ours on the comparison's windows, its result written to OUT (the child of
    /// <see cref="ExecuteInFreshProcess"/>).</summary>
    public static int RunCommand(string[] args)
    {
        var arguments = Arguments.Parse(args);
        NetworkPreset preset = NetworkPresets.Load(arguments.Get("preset", "small"));
        using TrainingData data = TrainingData.FromWindows(OriginalComparison.Windows(arguments.Get("book", string.Empty)).Train);
        OurRun run = Execute(preset, data,
            int.Parse(arguments.Get("epochs", "20"), CultureInfo.InvariantCulture),
            int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture),
            int.Parse(arguments.Get("seed", "0"), CultureInfo.InvariantCulture),
            [.. arguments.Get("targets", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(target => double.Parse(target, CultureInfo.InvariantCulture))]);
        LanguageInterpolation.Common.IO.AtomicFile.WriteAllText(arguments.Get("json", "our-run.json"), JsonSerializer.Serialize(run));
        return 0;
    }

    // Prints each epoch and records its end-of-epoch accuracy as an evaluation.
    private sealed class Progress(string name, List<AccuracyPoint> evaluations) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            if (value.ValidationAccuracy is double accuracy)
            {
                evaluations.Add(new AccuracyPoint(value.CumulativeTrainSeconds, accuracy));
            }
            Console.WriteLine(System.FormattableString.Invariant(
                $"  ours {name} epoch {value.Epoch}: accuracy {value.ValidationAccuracy:F4}, {value.TrainSeconds:F1} s, {value.SamplesPerSecond:F0} samples/s"));
        }
    }
}
