using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Pipelines.Diagnostics;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Training;
using TorchSharp;

namespace LanguageInterpolation.Bench.Original;

/// <summary>One training run of ours on the same windows, batch size and learning rate as the original's run,
/// evaluated over all windows after every epoch (evaluation time excluded), in this process.</summary>
internal sealed record OurRun
{
    /// <summary>Training seconds of each epoch, epoch 1 first.</summary>
    public required IReadOnlyList<double> EpochSeconds { get; init; }

    /// <summary>Accuracy over all windows after each epoch.</summary>
    public required IReadOnlyList<double?> Accuracy { get; init; }

    /// <summary>Median samples per second of epochs 2-4 (of all epochs when fewer).</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Peak resident memory of this process during the run (VmHWM after a reset), MiB.</summary>
    public required double PeakMebibytes { get; init; }

    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }

    /// <summary>Trains <paramref name="preset"/> on <paramref name="data"/> for <paramref name="epochs"/> epochs.</summary>
    public static OurRun Execute(NetworkPreset preset, TrainingData data, int epochs, int threads, int seed)
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
        var progress = new Progress(preset.Name);
        TrainingHistory history = new TrainingLoop(network, options, progress).Run(data, data);
        IEnumerable<double> rates = history.Epochs.Skip(1).Take(3).Select(epoch => epoch.SamplesPerSecond).DefaultIfEmpty(history.Epochs[0].SamplesPerSecond);
        return new OurRun
        {
            EpochSeconds = [.. history.Epochs.Select(epoch => epoch.TrainSeconds)],
            Accuracy = [.. history.Epochs.Select(epoch => epoch.ValidationAccuracy)],
            SamplesPerSecond = Statistics.Median(rates),
            PeakMebibytes = PeakMemory.PeakBytes() / 1048576.0,
            Parameters = network.ParameterCount,
        };
    }

    private sealed class Progress(string name) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => Console.WriteLine(System.FormattableString.Invariant(
            $"  ours {name} epoch {value.Epoch}: accuracy {value.ValidationAccuracy:F4}, {value.TrainSeconds:F1} s, {value.SamplesPerSecond:F0} samples/s"));
    }
}
