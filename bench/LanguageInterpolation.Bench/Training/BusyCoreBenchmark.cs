using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;

namespace LanguageInterpolation.Bench.Training;

/// <summary>
/// <c>li-bench busy-core</c>: training throughput with one core kept busy by another process (a spinning child
/// shell, started and stopped by this benchmark) against the same training without it, for a fixed thread count
/// (one per core, what oversubscribes) and for <see cref="TrainingOptions.AdaptThreadsToLoad"/>. Goal: at least
/// 40 % of the unloaded throughput with one of two cores busy.
/// Usage: li-bench busy-core [--preset small] [--epochs 4] [--max-chars 40000] [--rounds 2] [--busy-cores 1] [--output FILE]
/// </summary>
internal static class BusyCoreBenchmark
{
    public static int Run(string[] args)
    {
        var arguments = Arguments.Parse(args);
        string presetName = arguments.Get("preset", "small");
        int epochs = int.Parse(arguments.Get("epochs", "4"), CultureInfo.InvariantCulture);
        int maxCharacters = int.Parse(arguments.Get("max-chars", "40000"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(arguments.Get("rounds", "2"), CultureInfo.InvariantCulture);
        int busyCores = int.Parse(arguments.Get("busy-cores", "1"), CultureInfo.InvariantCulture);
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", "busy-core.md"));
        if (epochs < 2 || rounds < 1 || busyCores < 1)
        {
            throw new ArgumentException($"--epochs must be at least 2 (epoch 1 is warm-up), --rounds and --busy-cores at least 1 (got {epochs}, {rounds}, {busyCores}).");
        }
        string load = MachineInfo.LoadAverage();
        NetworkPreset preset = NetworkPresets.Load(presetName);
        string book = Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "pg50133-dunwich-horror.txt");
        TextCorpus corpus = CorpusReader.Read([book]).Truncate(maxCharacters);
        var windows = WindowedCorpus.Create(corpus, new CharacterWindowOptions { WindowSize = 16, Split = SplitKind.Memorize });
        using TrainingData data = TrainingData.FromWindows(windows.Train);

        (string Name, bool Busy, bool Adaptive)[] conditions =
        [
            ("unloaded, one thread per core", false, false),
            ($"{busyCores} core(s) busy, one thread per core", true, false),
            ($"{busyCores} core(s) busy, threads adapted to load", true, true),
            ("unloaded, threads adapted to load", false, true),
        ];
        var rates = conditions.ToDictionary(condition => condition.Name, _ => new List<double>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var condition in conditions)
            {
                using Spinner? spinner = condition.Busy ? new Spinner(busyCores) : null;
                double rate = Measure(preset, data, epochs, condition.Adaptive);
                rates[condition.Name].Add(rate);
                Console.WriteLine(FormattableString.Invariant($"round {round}, {condition.Name}: {rate:F0} samples/s"));
            }
        }

        double baseline = Statistics.Median(rates[conditions[0].Name]);
        double adaptedBaseline = Statistics.Median(rates[conditions[3].Name]);
        var report = new StringBuilder();
        report.AppendLine("# Training throughput with a busy core").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["busy-core", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; load average at start (1/5/15 min) {load}, at end {MachineInfo.LoadAverage()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Preset {presetName} on the first {corpus.CharacterCount:N0} characters of The Dunwich Horror ({windows.Train.Count:N0} windows), {epochs} epochs per measurement, throughput = median samples/s of epochs 2-{epochs}; busy = {busyCores} child shell(s) spinning `while :; do :; done` during the measurement; conditions in turn, {rounds} round(s), medians below.");
        report.AppendLine("- \"unloaded\" means without the spinner: other work on the machine still counts (see the load average).").AppendLine();
        report.AppendLine("| condition | samples/s (median) | share of unloaded, one thread per core | share of unloaded, adapted | every round |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var condition in conditions)
        {
            double median = Statistics.Median(rates[condition.Name]);
            report.AppendLine(FormattableString.Invariant($"| {condition.Name} | {median:F0} | {100 * median / baseline:F0} % | {100 * median / adaptedBaseline:F0} % | {string.Join(", ", rates[condition.Name].Select(rate => rate.ToString("F0", CultureInfo.InvariantCulture)))} |"));
        }
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"Results written to {output}");
        return 0;
    }

    private static double Measure(NetworkPreset preset, TrainingData data, int epochs, bool adaptive)
    {
        TrainingOptions options = preset.Training with
        {
            MaxEpochs = epochs,
            Threads = adaptive ? 0 : Environment.ProcessorCount,
            AdaptThreadsToLoad = adaptive,
            EarlyStoppingPatience = 0,
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
        };
        using var generator = new torch.Generator(0);
        using LanguageNetwork network = preset.Network.WithShape(16, 128).Build(generator);
        TrainingHistory history = new TrainingLoop(network, options).Run(data);
        double[] rates = [.. history.Epochs.Skip(1).Select(epoch => epoch.SamplesPerSecond)];
        return Statistics.Median(rates);
    }

    /// <summary>Child shells that each keep one core busy until disposed (killed by their process ids).</summary>
    private sealed class Spinner : IDisposable
    {
        private readonly List<Process> _children = [];

        public Spinner(int count)
        {
            for (int child = 0; child < count; child++)
            {
                var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("while :; do :; done");
                _children.Add(Process.Start(start) ?? throw new InvalidOperationException("Could not start the spinning child process (/bin/sh)."));
            }
            Thread.Sleep(300); // let the spinners take their cores
        }

        public void Dispose()
        {
            foreach (Process child in _children)
            {
                if (!child.HasExited)
                {
                    child.Kill();
                    child.WaitForExit();
                }
                child.Dispose();
            }
        }
    }
}
