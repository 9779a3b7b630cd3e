using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Bench.Original;

/// <summary>
/// <c>li-bench original</c>: the original program and ours, side by side in one run. For each preset, rounds of
/// A B (the original through <c>shared/tools/ref_hol.py</c>, then ours), the same book, batch size, learning rate,
/// threads and epochs; reports throughput ratios, time-to-accuracy ratios (our training seconds to reach the
/// original's accuracy after epochs 1, 5 and 20, against the original's seconds) and peak memory.
/// Usage: li-bench original [--original HOL_CHECKOUT] [--presets small,large_standard] [--epochs 20] [--our-epochs 40] [--rounds 2]
///                         [--threads 2] [--original-time-limit-min 15] [--python /usr/bin/python3] [--script ref_hol.py]
///                         [--book FILE] [--output FILE]
/// Without --original the original is skipped (with a message saying so) and only ours runs.
/// </summary>
internal static class OriginalComparison
{
    private static readonly int[] Milestones = [1, 5, 20];

    public static int Run(string[] args)
    {
        OriginalSettings settings = OriginalSettings.Parse(args);
        string load = MachineInfo.LoadAverage();
        string? skipped = settings.CheckoutOrNull is null
            ? "The original was skipped: no checkout of jloveric/high-order-layers-torch was given (--original PATH; see bench/README.md)."
            : null;
        if (skipped is not null)
        {
            Console.WriteLine(skipped);
        }
        long ourWindows = Windows(settings.Book).Train.Count;

        var rows = new StringBuilder();
        var summary = new StringBuilder();
        string? torchVersion = null;
        long? originalWindows = null;
        foreach (string name in settings.Presets)
        {
            NetworkPreset preset = NetworkPresets.Load(name);
            var originals = new List<OriginalRun>();
            var ours = new List<OurRun>();
            for (int round = 1; round <= settings.Rounds; round++)
            {
                int seed = round - 1;
                if (skipped is null)
                {
                    Console.WriteLine($"{name} round {round}: the original");
                    OriginalRun original = OriginalRun.Execute(settings, name, preset.Training.BatchSize, preset.Training.Optimizer.LearningRate, seed);
                    originals.Add(original);
                    torchVersion = original.Torch;
                    originalWindows = original.Windows;
                }
                Console.WriteLine($"{name} round {round}: ours");
                ours.Add(OurRun.ExecuteInFreshProcess(settings, name, seed, Targets(originals.LastOrDefault())));
                rows.AppendLine(Row(name, round, preset, originals.LastOrDefault(), ours[^1]));
            }
            summary.AppendLine(Summary(name, originals, ours));
            // Written after every preset, so that a run cut short keeps what it measured.
            Write(settings, args, load, skipped, torchVersion, originalWindows, ourWindows, summary, rows);
        }
        Console.WriteLine($"Results written to {settings.Output}");
        return 0;
    }

    private static void Write(OriginalSettings settings, string[] args, string load, string? skipped, string? torchVersion, long? originalWindows, long ourWindows,
        StringBuilder summary, StringBuilder rows)
    {
        var report = new StringBuilder();
        report.AppendLine("# The original and ours, side by side").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["original", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; load average at start (1/5/15 min) {load}, at end {MachineInfo.LoadAverage()}; {settings.Threads} threads for each program");
        report.AppendLine(skipped is null
            ? $"- The original: `{settings.Python} {Path.GetFileName(settings.Script)} {settings.Checkout} --config PRESET ...` (PyTorch {torchVersion}; its own windows of the same book: {originalWindows:N0}, non-ASCII dropped), Lion as in the original (weight decay 0), its lazily created layer norms never trained"
            : $"- The original: skipped. {skipped}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Ours: each preset as shipped, {ourWindows:N0} windows of {Path.GetFileName(settings.Book)}, constant learning rate, no early stopping");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Order: for each preset, {settings.Rounds} rounds of A (the original) then B (ours), each run in a fresh process (ours through `li-bench original-our-run`), seed = round - 1; {settings.Epochs} epochs of the original (it stops after the epoch that passes {settings.TimeLimitMinutes} training minutes), {settings.OurEpochs} of ours (`--our-epochs`: a run that reaches the original's last accuracy a few epochs later still gets a time; our accuracy columns are after the same epochs as the original's); accuracy = argmax over all windows after every epoch");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Throughput: training samples per second, median of epochs 2-4. Time to accuracy: training seconds (evaluation excluded) until a run first reaches the original's accuracy after epoch 1, 5 and 20 of the same round (the original is evaluated after every epoch, as it trains; ours also {OurRun.EvaluationsPerEpoch} times per epoch until it has reached all three, so its time is known to a tenth of an epoch); ratio = the original's seconds / ours (above 1: ours is faster). Peak memory: resident set (the original's whole Python process; ours this process's VmHWM reset before the run).");
        report.AppendLine();
        report.AppendLine("## Summary (median over rounds)").AppendLine();
        report.AppendLine("| preset | samples/s original | samples/s ours | throughput ratio | time-to-accuracy ratio at the original's epoch 1 / 5 / 20 | accuracy original epoch 1 / 5 / 20 | accuracy ours epoch 1 / 5 / 20 | peak memory original / ours |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        report.Append(summary).AppendLine();
        report.AppendLine("## Every round").AppendLine();
        report.AppendLine("| preset | round | samples/s original / ours | ratio | the original's accuracy after epoch 1 / 5 / 20: its seconds, our seconds, ratio | peak MiB original / ours |");
        report.AppendLine("|---|---|---|---|---|---|");
        report.Append(rows);
        AtomicFile.WriteAllText(settings.Output, report.ToString());
    }

    private static string Row(string name, int round, NetworkPreset preset, OriginalRun? original, OurRun ours)
    {
        _ = preset;
        if (original is null)
        {
            return Invariant($"| {name} | {round} | - / {ours.SamplesPerSecond:F0} | - | - | - / {ours.PeakMebibytes:F0} |");
        }
        string milestones = string.Join(" ; ", Milestones.Select(epoch =>
        {
            if (epoch > original.Accuracy.Count || original.Accuracy[epoch - 1] is not double target)
            {
                return $"epoch {epoch}: -";
            }
            double theirs = original.EpochSeconds.Take(epoch).Sum();
            double? mine = TimeToAccuracy.Seconds(ours.Evaluations, target);
            return mine is double seconds
                ? Invariant($"{target:F3}: {theirs:F1} s, {seconds:F1} s, {theirs / seconds:F1}x")
                : Invariant($"{target:F3}: {theirs:F1} s, not reached");
        }));
        return Invariant($"| {name} | {round} | {original.SamplesPerSecond:F0} / {ours.SamplesPerSecond:F0} | {ours.SamplesPerSecond / original.SamplesPerSecond:F1}x | {milestones} | {original.PeakMebibytes:F0} / {ours.PeakMebibytes:F0} |");
    }

    private static string Summary(string name, List<OriginalRun> originals, List<OurRun> ours)
    {
        string Accuracies(IEnumerable<IReadOnlyList<double?>> runs) => string.Join(" / ", Milestones.Select(epoch =>
        {
            double[] values = [.. runs.Where(run => run.Count >= epoch && run[epoch - 1] is not null).Select(run => run[epoch - 1]!.Value)];
            return values.Length == 0 ? "-" : Invariant($"{Statistics.Median(values):F3}");
        }));
        double ourRate = Statistics.Median([.. ours.Select(run => run.SamplesPerSecond)]);
        string ourAccuracy = Accuracies(ours.Select(run => run.Accuracy));
        string ourPeak = Invariant($"{Statistics.Median([.. ours.Select(run => run.PeakMebibytes)]):F0} MiB");
        if (originals.Count == 0)
        {
            return Invariant($"| {name} | - | {ourRate:F0} | - | - | - | {ourAccuracy} | - / {ourPeak} |");
        }
        double theirRate = Statistics.Median([.. originals.Select(run => run.SamplesPerSecond)]);
        string ratios = string.Join(" / ", Milestones.Select(epoch =>
        {
            var perRound = new List<double>();
            int unreached = 0;
            for (int round = 0; round < originals.Count; round++)
            {
                OriginalRun original = originals[round];
                if (epoch > original.Accuracy.Count || original.Accuracy[epoch - 1] is not double target)
                {
                    continue;
                }
                double? mine = TimeToAccuracy.Seconds(ours[round].Evaluations, target);
                if (mine is double seconds)
                {
                    perRound.Add(original.EpochSeconds.Take(epoch).Sum() / seconds);
                }
                else
                {
                    unreached++;
                }
            }
            return perRound.Count == 0
                ? unreached > 0 ? "not reached" : "-"
                : Invariant($"{Statistics.Median([.. perRound]):F1}x") + (unreached > 0 ? $" ({unreached} round(s) not reached)" : string.Empty);
        }));
        return Invariant($"| {name} | {theirRate:F0} | {ourRate:F0} | {ourRate / theirRate:F1}x | {ratios} | {Accuracies(originals.Select(run => run.Accuracy))} | {ourAccuracy} | {Statistics.Median([.. originals.Select(run => run.PeakMebibytes)]):F0} MiB / {ourPeak} |");
    }

    // The original's accuracies after the milestone epochs it reached (none without the original).
    private static double[] Targets(OriginalRun? original) =>
        original is null
            ? []
            : [.. Milestones.Where(epoch => epoch <= original.Accuracy.Count && original.Accuracy[epoch - 1] is not null).Select(epoch => original.Accuracy[epoch - 1]!.Value)];

    /// <summary>The windows both programs train on: 16 characters of the book, every window in the training split
    /// (the original's memorize split).</summary>
    public static WindowedCorpus Windows(string book) =>
        WindowedCorpus.Create(CorpusReader.Read([book]), new CharacterWindowOptions { WindowSize = 16, Split = SplitKind.Memorize });

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
