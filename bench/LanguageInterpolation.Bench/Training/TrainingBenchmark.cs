using LanguageInterpolation.Trainers.Presets;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Pipelines.Diagnostics;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;

namespace LanguageInterpolation.Bench.Training;

/// <summary>
/// Training benchmark of the network presets on The Dunwich Horror, set up as the original's reference
/// measurements (shared/docs/reference-bench.md): 16-character windows -> next character, memorize split
/// (accuracy over all windows of the training text), each preset's optimiser, learning rate and batch size.
/// Usage: li-bench training [--presets a,b] [--epochs N] [--time-budget SECONDS] [--threads N] [--device cpu|cuda]
///                         [--batch-size N] [--output FILE] [--book FILE] [--window-size 16] [--max-chars N]
/// </summary>
internal static class TrainingBenchmark
{
    public static int Run(string[] args)
    {
        var arguments = Arguments.Parse(args);
        string book = arguments.Get("book", Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "pg50133-dunwich-horror.txt"));
        string[] presets = arguments.Get("presets", "small,large_standard,large_single_layer,large_double_layer").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int epochs = int.Parse(arguments.Get("epochs", "20"), CultureInfo.InvariantCulture);
        double? budget = arguments.TryGet("time-budget") is string seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : null;
        int threads = int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture);
        string device = arguments.Get("device", "cpu");
        int? batchSize = arguments.TryGet("batch-size") is string batch ? int.Parse(batch, CultureInfo.InvariantCulture) : null;
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", "training.md"));
        int windowSize = int.Parse(arguments.Get("window-size", "16"), CultureInfo.InvariantCulture);
        int? maxCharacters = arguments.TryGet("max-chars") is string characterLimit ? int.Parse(characterLimit, CultureInfo.InvariantCulture) : null;
        var variation = TrainingVariation.Parse(arguments);

        TextCorpus corpus = CorpusReader.Read([book]);
        corpus = maxCharacters is int characters ? corpus.Truncate(characters) : corpus;
        var windows = WindowedCorpus.Create(corpus, new CharacterWindowOptions { WindowSize = windowSize, Split = SplitKind.Memorize });
        Console.WriteLine($"{corpus.CharacterCount:N0} characters, {windows.Train.Count:N0} windows");
        using TrainingData data = TrainingData.FromWindows(windows.Train);

        var report = new StringBuilder();
        report.AppendLine("# Training benchmark: presets on The Dunwich Horror (memorize split)").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["training", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; TorchSharp threads {threads}; device {device}; load average at start (1/5/15 min) {MachineInfo.LoadAverage()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Data: {corpus.CharacterCount:N0} characters of {Path.GetFileName(book)} (Gutenberg header, footer and credits removed, non-ASCII transliterated), {windows.Train.Count:N0} windows of {windowSize} -> next character, 128 classes; accuracy = argmax over all windows after each epoch (evaluation time excluded from throughput).");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Variation: {variation.Describe()}");
        report.AppendLine("- Throughput = training samples per second (forward, backward, optimiser step), median of epochs 2-4 (of all epochs when fewer). Peak memory = peak resident set of this process during the preset's run (Linux VmHWM, reset before each preset).");
        report.AppendLine().AppendLine("| preset | parameters | batch | samples/s (median) | epochs | accuracy epoch 1 / 5 / 20 (loss) | best accuracy | train time to 50% / 80% / 95% | peak memory |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var curves = new StringBuilder();
        foreach (string name in presets)
        {
            // A shipped preset, or a network type's default architecture with default training options.
            NetworkPreset preset = NetworkPresets.Exists(name) || NetworkRegistry.Find(name) is not NetworkType type
                ? NetworkPresets.Load(name)
                : new NetworkPreset { Name = name, Network = type.CreateDefault() };
            TrainingOptions options = variation.Apply(preset.Training) with
            {
                MaxEpochs = epochs,
                Threads = threads,
                Device = device,
                TimeBudget = budget is double limit ? TimeSpan.FromSeconds(limit) : null,
                BatchSize = batchSize ?? preset.Training.BatchSize,
                EarlyStoppingPatience = 0,
                Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
            };
            PeakMemory.Reset();
            using var generator = new torch.Generator((ulong)variation.Seed);
            using LanguageNetwork network = variation.Apply(preset.Network).WithShape(windowSize, 128).Build(generator);
            variation.Apply(network);
            var epochsSeen = new List<EpochReport>();
            var progress = new ConsoleProgress(name, epochsSeen);
            var clock = Stopwatch.StartNew();
            // Validation on the training windows: the memorize split's accuracy, measured after every epoch.
            TrainingHistory history = new TrainingLoop(network, options, progress).Run(data, data);
            long peak = PeakMemory.PeakBytes();
            double median = Statistics.Median(history.Epochs.Skip(1).Take(3).Select(epoch => epoch.SamplesPerSecond).DefaultIfEmpty(history.Epochs[0].SamplesPerSecond));
            string At(int epoch) => history.Epochs.Count >= epoch
                ? string.Create(CultureInfo.InvariantCulture, $"{history.Epochs[epoch - 1].ValidationAccuracy:F3} ({history.Epochs[epoch - 1].ValidationLoss:F2})")
                : "-";
            string TimeTo(double accuracy) => history.Epochs.FirstOrDefault(epoch => epoch.ValidationAccuracy >= accuracy) is EpochReport hit
                ? string.Create(CultureInfo.InvariantCulture, $"{hit.CumulativeTrainSeconds:F0} s")
                : "-";
            double best = history.Epochs.Max(epoch => epoch.ValidationAccuracy ?? 0);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {network.ParameterCount:N0} | {options.BatchSize} | {median:F0} | {history.Epochs.Count} | {At(1)} / {At(5)} / {At(20)} | {best:F3} | {TimeTo(0.5)} / {TimeTo(0.8)} / {TimeTo(0.95)} | {peak / 1048576.0:F0} MiB |"));
            curves.AppendLine($"- {name}: " + string.Join(", ", history.Epochs.Select(epoch =>
                string.Create(CultureInfo.InvariantCulture, $"{epoch.CumulativeTrainSeconds:F0}s {epoch.ValidationAccuracy:F3}"))));
            Console.WriteLine($"{name}: {median:F0} samples/s, peak {peak / 1048576.0:F0} MiB, {clock.Elapsed.TotalSeconds:F0} s");
        }
        report.AppendLine().AppendLine("Accuracy over training time (cumulative training seconds, accuracy after that epoch):").AppendLine();
        report.Append(curves);
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"Results written to {output}");
        return 0;
    }


}

internal sealed class ConsoleProgress(string name, List<EpochReport> seen) : IProgress<EpochReport>
{
    public void Report(EpochReport value)
    {
        seen.Add(value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name} epoch {value.Epoch}: loss {value.TrainLoss:F3}, accuracy {value.ValidationAccuracy:F3}, {value.SamplesPerSecond:F0} samples/s, {value.CumulativeTrainSeconds:F0} s"));
    }
}

internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }
            values[args[i][2..]] = args[i + 1];
        }
        return new Arguments(values);
    }

    public string Get(string name, string fallback) => values.TryGetValue(name, out string? value) ? value : fallback;

    public string? TryGet(string name) => values.GetValueOrDefault(name);
}
