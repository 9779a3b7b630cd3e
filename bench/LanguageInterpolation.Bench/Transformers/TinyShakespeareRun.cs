using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Bench.Training;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Pipelines.Diagnostics;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Bench.Transformers;

/// <summary>
/// A timed tinyshakespeare run of one transformer preset: nanoGPT's split (the first 90 % of the text for
/// training, the last 10 % held out), corpus vocabulary, every-position training for a time budget, then held-out
/// bits per character on the character after each held-out window (each target with its full window of context,
/// as every other trainer is measured), on every k-th held-out window to keep the evaluation short.
/// Usage: li-bench transformer-run [--preset transformer_cpu] [--minutes 10] [--window-size 64] [--every 10]
///                                 [--threads 2] [--output FILE]
/// </summary>
internal static class TinyShakespeareRun
{
    public static int Run(string[] args)
    {
        var arguments = Arguments.Parse(args);
        string name = arguments.Get("preset", "transformer_cpu");
        double minutes = double.Parse(arguments.Get("minutes", "10"), CultureInfo.InvariantCulture);
        int windowSize = int.Parse(arguments.Get("window-size", "64"), CultureInfo.InvariantCulture);
        int every = int.Parse(arguments.Get("every", "10"), CultureInfo.InvariantCulture);
        int threads = int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture);
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", $"transformer-tinyshakespeare-{name}.md"));
        torch.set_num_threads(threads);
        string loadAtStart = MachineInfo.LoadAverage();

        string book = Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "tinyshakespeare-input.txt");
        TextCorpus corpus = CorpusReader.Read([book]);
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(corpus.Select(document => document.Text));
        var windows = WindowedCorpus.Create(corpus, new CharacterWindowOptions
        {
            WindowSize = windowSize, Vocabulary = vocabulary, Split = SplitKind.HeldOut, ValidationFraction = 0, TestFraction = 0.1,
        });
        using TrainingData train = TrainingData.FromWindows(windows.Train);
        using TrainingData heldOut = EveryKth(TrainingData.FromWindows(windows.Test), every);

        NetworkPreset preset = NetworkPresets.Load(name);
        TrainingOptions options = preset.Training with
        {
            MaxEpochs = 10_000,
            Threads = threads,
            TimeBudget = TimeSpan.FromMinutes(minutes),
            EarlyStoppingPatience = 0,
        };
        PeakMemory.Reset();
        using var generator = new torch.Generator(0);
        using LanguageNetwork network = preset.Network.WithShape(windowSize, vocabulary.Count).Build(generator);
        var loop = new TrainingLoop(network, options, new Progress(name));
        var clock = Stopwatch.StartNew();
        TrainingHistory history = loop.Run(train);
        double trainSeconds = history.Epochs[^1].CumulativeTrainSeconds;
        (double loss, double accuracy) = loop.Evaluate(heldOut);
        long peak = PeakMemory.PeakBytes();
        double bits = loss / Math.Log(2);
        using var scorer = new CachedTorchScorer(network, vocabulary);
        string sample = new TextGenerator((ICharacterScorer)scorer)
            .Generate(new GenerationOptions { Prompt = "ROMEO:", Length = 200, TopK = 5, Temperature = 0.8 });

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# {name} on tinyshakespeare ({minutes:F0} minutes of training)").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["transformer-run", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; TorchSharp threads {threads}; CPU");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min) at start: {loadAtStart}; at the end: {MachineInfo.LoadAverage()}. The cores are shared with other work.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Data: tinyshakespeare, corpus vocabulary of {vocabulary.Count}, nanoGPT's split (first 90 % trains, last 10 % held out), {windowSize}-character windows; {train.Rows:N0} training windows, every-position training (an epoch reads every {windowSize}th window, so about one target per training character).");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Held-out measure: the character after each of every {every}th held-out window ({heldOut.Rows:N0} targets), predicted with its whole {windowSize}-character window: the same per-target measure as the window models, on 1 in {every} of the targets.");
        report.AppendLine().AppendLine("| preset | parameters | training time | epochs | positions trained | positions/s | held-out bits/char | held-out accuracy | peak memory |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {network.ParameterCount:N0} | {trainSeconds:F0} s | {history.Epochs.Count} | {history.Epochs.Sum(epoch => epoch.Samples):N0} | {history.Epochs.Sum(epoch => (double)epoch.Samples) / trainSeconds:F0} | {bits:F3} | {accuracy:F3} | {peak / 1048576.0:F0} MiB |"));
        report.AppendLine().AppendLine("Training loss by epoch (nats, cumulative training seconds): " + string.Join(", ", history.Epochs.Select(epoch =>
            string.Create(CultureInfo.InvariantCulture, $"{epoch.TrainLoss:F3} ({epoch.CumulativeTrainSeconds:F0} s)"))) + ".");
        report.AppendLine().AppendLine("Sample (prompt \"ROMEO:\", top-k 5, temperature 0.8, cached generation):").AppendLine().AppendLine("```").AppendLine(sample).AppendLine("```");
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"{name}: held-out {bits:F3} bits/char after {trainSeconds:F0} s ({clock.Elapsed.TotalSeconds:F0} s wall). Results written to {output}");
        return 0;
    }

    private static TrainingData EveryKth(TrainingData all, int every)
    {
        using (all)
        {
            using var rows = Range(0, all.Rows, every);
            return new TrainingData(all.Contexts.index_select(0, rows), all.Labels.index_select(0, rows));
        }
    }

    private sealed class Progress(string name) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name} epoch {value.Epoch}: loss {value.TrainLoss:F3}, {value.SamplesPerSecond:F0} positions/s, {value.CumulativeTrainSeconds:F0} s"));
    }
}
