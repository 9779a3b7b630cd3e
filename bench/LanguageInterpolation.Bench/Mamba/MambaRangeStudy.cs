using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Bench.Training;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Bench.Mamba;

/// <summary>
/// What the high-order Mamba's projections should do with inputs outside [-1, 1] (docs/networks/mamba.md): the
/// high_order_mamba_cpu shape trained for the same time with each option (tanh of every projection input; raw
/// inputs with the edge polynomial extrapolated, as the original; raw inputs clamped), at n = 2 and n = 3, then
/// held-out bits per character and the share of the first block's in-projection inputs (RMSNorm outputs) outside
/// [-1, 1] after training.
/// Usage: li-bench mamba-range [--seconds 90] [--characters 300000] [--window-size 64] [--threads 2] [--output FILE]
/// </summary>
internal static class MambaRangeStudy
{
    public static int Run(string[] args)
    {
        var arguments = Arguments.Parse(args);
        double seconds = double.Parse(arguments.Get("seconds", "90"), CultureInfo.InvariantCulture);
        int characters = int.Parse(arguments.Get("characters", "300000"), CultureInfo.InvariantCulture);
        int windowSize = int.Parse(arguments.Get("window-size", "64"), CultureInfo.InvariantCulture);
        int[] nodes = arguments.Get("nodes", "2,3").Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        int threads = int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture);
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", "mamba-range.md"));
        torch.set_num_threads(threads);
        string loadAtStart = MachineInfo.LoadAverage();

        string book = Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "tinyshakespeare-input.txt");
        TextCorpus corpus = CorpusReader.Read([book]).Truncate(characters);
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(corpus.Select(document => document.Text));
        var windows = WindowedCorpus.Create(corpus, new CharacterWindowOptions
        {
            WindowSize = windowSize, Vocabulary = vocabulary, Split = SplitKind.HeldOut, ValidationFraction = 0, TestFraction = 0.1,
        });
        using TrainingData train = TrainingData.FromWindows(windows.Train);
        using TrainingData heldOut = EveryKth(TrainingData.FromWindows(windows.Test), 10);
        NetworkPreset preset = NetworkPresets.Load("high_order_mamba_cpu");
        var baseline = (HighOrderMambaConfig)preset.Network;

        var report = new StringBuilder();
        report.AppendLine("# High-order Mamba: keeping the projections' inputs in range").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["mamba-range", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; TorchSharp threads {threads}; CPU");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min) at start: {loadAtStart}. The cores are shared with other work, so equal time is not equal steps: the steps column says how many each got.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Data: the first {corpus.CharacterCount:N0} characters of tinyshakespeare, first 90 % trains, last 10 % held out (every 10th window's next character: {heldOut.Rows:N0} targets), {windowSize}-character windows, corpus vocabulary of {vocabulary.Count}. Network: high_order_mamba_cpu's shape with the options below, its optimiser and batch, {seconds:F0} s of training each, seed 0.").AppendLine();
        report.AppendLine("| nodes n | projection inputs | range policy | windows trained | train loss (nats) | held-out bits/char | block 0 in-projection inputs outside [-1, 1] |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (int n in nodes)
        {
            foreach ((bool squash, OutOfRangePolicy range) in new[] { (true, OutOfRangePolicy.Extrapolate), (false, OutOfRangePolicy.Extrapolate), (false, OutOfRangePolicy.Clamp) })
            {
                HighOrderMambaConfig config = baseline with { ProjectionNodes = n, SquashInputs = squash, Range = range };
                TrainingOptions options = preset.Training with { MaxEpochs = 10_000, Threads = threads, TimeBudget = TimeSpan.FromSeconds(seconds), EarlyStoppingPatience = 0 };
                using var generator = new Generator(0);
                using var network = (MambaNetwork)config.WithShape(windowSize, vocabulary.Count).Build(generator);
                var loop = new TrainingLoop(network, options);
                TrainingHistory history = loop.Run(train);
                (double loss, _) = loop.Evaluate(heldOut);
                double outside = OutsideShare(network, heldOut);
                string inputs = squash ? "tanh" : "raw";
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n} | {inputs} | {(squash ? "(inside)" : range.ToString())} | {history.Epochs.Sum(epoch => epoch.Samples) / windowSize:N0} | {history.Epochs[^1].TrainLoss:F3} | {loss / Math.Log(2):F3} | {outside:P1} |"));
                Console.WriteLine($"n {n}, {inputs}, {range}: held-out {loss / Math.Log(2):F3} bits/char, outside {outside:P1}");
            }
        }
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Load average at the end (1/5/15 min): {MachineInfo.LoadAverage()}.");
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"Results written to {output}");
        return 0;
    }

    // RMSNorm(embedding) of the first block on held-out windows: the raw inputs of its in-projection.
    private static double OutsideShare(MambaNetwork network, TrainingData heldOut)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor ids = heldOut.Contexts.narrow(0, 0, Math.Min(256, heldOut.Rows)).to(ScalarType.Int64);
        Tensor normed = network.Blocks[0].Norm.call(network.Embedding.index_select(0, ids.reshape(-1)));
        return normed.abs().gt(Held(1)).to(ScalarType.Float32).mean().item<float>();
    }

    private static TrainingData EveryKth(TrainingData all, int every)
    {
        using (all)
        {
            using var rows = Range(0, all.Rows, every);
            return new TrainingData(all.Contexts.index_select(0, rows), all.Labels.index_select(0, rows));
        }
    }
}
