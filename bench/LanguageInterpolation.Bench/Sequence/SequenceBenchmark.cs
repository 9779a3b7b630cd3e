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

namespace LanguageInterpolation.Bench.Sequence;

/// <summary>
/// The sequence networks' speed, per family (the causal transformers, Mamba): training throughput in positions per
/// second and peak memory for each preset (every-position training on the first characters of tinyshakespeare,
/// corpus vocabulary), and greedy generation speed through the network's incremental state
/// (<see cref="CachedTorchScorer"/>: a transformer's key/value cache, Mamba's recurrent state) against recomputing
/// the window (<see cref="TorchScorer"/>) at several context lengths (untrained networks: speed does not depend on
/// the weights).
/// Usage: li-bench transformers|mamba [--presets a,b] [--seconds 30] [--window-size 64] [--characters 200000]
///                                   [--contexts 64,256,512] [--length 100] [--threads 2] [--output FILE]
/// </summary>
internal static class SequenceBenchmark
{
    /// <summary>The causal transformers: <c>li-bench transformers</c>, bench/results/transformers.md.</summary>
    public static readonly SequenceFamily Transformers = new(
        "transformers", "Causal transformers: training throughput and cached generation", "transformer_cpu,high_order_input_transformer_cpu,high_order_transformer_cpu,transformer_seed",
        "64,256,512", "transformers.md", "transformer_cpu", "key/value cache", "cached");

    /// <summary>The Mamba networks: <c>li-bench mamba</c>, bench/results/mamba.md.</summary>
    public static readonly SequenceFamily Mamba = new(
        "mamba", "Mamba: training throughput and stateful generation", "mamba_cpu,high_order_mamba_cpu,mamba,high_order_mamba",
        "64,256,1024", "mamba.md", "mamba_cpu", "recurrent state", "stateful");

    public static int Run(string[] args, SequenceFamily family)
    {
        var arguments = Arguments.Parse(args);
        string[] presets = arguments.Get("presets", family.Presets).Split(',', StringSplitOptions.RemoveEmptyEntries);
        double seconds = double.Parse(arguments.Get("seconds", "30"), CultureInfo.InvariantCulture);
        int windowSize = int.Parse(arguments.Get("window-size", "64"), CultureInfo.InvariantCulture);
        int characters = int.Parse(arguments.Get("characters", "200000"), CultureInfo.InvariantCulture);
        int[] contexts = arguments.Get("contexts", family.Contexts).Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        int length = int.Parse(arguments.Get("length", "100"), CultureInfo.InvariantCulture);
        int threads = int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture);
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", family.Output));
        torch.set_num_threads(threads);

        string book = Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "tinyshakespeare-input.txt");
        TextCorpus corpus = CorpusReader.Read([book]).Truncate(characters);
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(corpus.Select(document => document.Text));
        var windows = WindowedCorpus.Create(corpus, new CharacterWindowOptions { WindowSize = windowSize, Vocabulary = vocabulary, Split = SplitKind.Memorize });
        using TrainingData data = TrainingData.FromWindows(windows.Train);

        var report = new StringBuilder();
        report.AppendLine("# " + family.Title).AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command([family.Command, .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; TorchSharp threads {threads}; CPU");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Load average at start (1/5/15 min): {MachineInfo.LoadAverage()}. The cores are shared with other work: compare rows of the same run, not runs.");
        report.AppendLine().AppendLine("## Training throughput").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Every-position training (teacher forcing) on the first {corpus.CharacterCount:N0} characters of tinyshakespeare, {windowSize}-character windows, corpus vocabulary of {vocabulary.Count}; each preset's optimiser and batch size, {seconds:F0} s of training each. Positions/s = targets trained per second (forward, backward, optimiser step; {windowSize} per window). Peak memory = peak resident set of this process during the preset's run (VmHWM, reset before each).").AppendLine();
        report.AppendLine("| preset | type | parameters | batch (windows) | positions/s | train loss at the end (nats) | peak memory |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (string name in presets)
        {
            NetworkPreset preset = NetworkPresets.Load(name);
            TrainingOptions options = preset.Training with
            {
                MaxEpochs = 10_000,
                Threads = threads,
                TimeBudget = TimeSpan.FromSeconds(seconds),
                EarlyStoppingPatience = 0,
            };
            PeakMemory.Reset();
            using var generator = new torch.Generator(0);
            using LanguageNetwork network = preset.Network.WithShape(windowSize, vocabulary.Count).Build(generator);
            TrainingHistory history = new TrainingLoop(network, options).Run(data);
            long peak = PeakMemory.PeakBytes();
            double positionsPerSecond = history.Epochs.Sum(epoch => (double)epoch.Samples) / history.Epochs.Sum(epoch => epoch.TrainSeconds);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {preset.Network.NetworkType} | {network.ParameterCount:N0} | {options.BatchSize} | {positionsPerSecond:F0} | {history.Epochs[^1].TrainLoss:F3} | {peak / 1048576.0:F0} MiB |"));
            Console.WriteLine($"{name}: {positionsPerSecond:F0} positions/s, peak {peak / 1048576.0:F0} MiB");
        }

        string reader = family.Reader;
        report.AppendLine().AppendLine($"## Generation: {family.State} against recomputing the window").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Greedy generation of {length} characters after the prompt \"Who are you?\" by `TextGenerator`, one character at a time, with an untrained {family.GenerationPreset} network per context length N (window N, vocabulary {vocabulary.Count}). Recomputed: `TorchScorer`, a forward pass over all N positions per character. {char.ToUpperInvariant(reader[0]) + reader[1..]}: `CachedTorchScorer` with the network's {family.State}, one position per character, and a restart from the last N/2 characters (one batched pass) once it holds N. One warm-up generation of 10 characters per scorer first. Step = one position after N/2 (no restart).").AppendLine();
        report.AppendLine($"| context N | recomputed chars/s | {reader} chars/s | speed-up | positions computed per character ({reader}) | {reader} ms per step |");
        report.AppendLine("|---|---|---|---|---|---|");
        NetworkConfig shape = NetworkPresets.Load(family.GenerationPreset).Network;
        var generation = new GenerationOptions { Prompt = "Who are you?", Length = length };
        foreach (int context in contexts)
        {
            using var generator = new torch.Generator(0);
            using LanguageNetwork network = shape.WithShape(context, vocabulary.Count).Build(generator);
            network.eval();
            var recomputed = new TorchScorer(network, vocabulary);
            new TextGenerator(recomputed).Generate(generation with { Length = 10 });
            double recomputedSpeed = CharactersPerSecond(new TextGenerator(recomputed), generation);
            using var warm = new CachedTorchScorer(network, vocabulary);
            new TextGenerator(warm).Generate(generation with { Length = 10 });
            using var stateful = new CachedTorchScorer(network, vocabulary);
            double statefulSpeed = CharactersPerSecond(new TextGenerator(stateful), generation);
            double stepMilliseconds = StepMilliseconds(network, steps: 50);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {context} | {recomputedSpeed:F1} | {statefulSpeed:F1} | {statefulSpeed / recomputedSpeed:F1}x | {(double)stateful.PositionsRead / length:F2} | {stepMilliseconds:F2} |"));
            Console.WriteLine($"context {context}: recomputed {recomputedSpeed:F1} chars/s, {reader} {statefulSpeed:F1} chars/s, step {stepMilliseconds:F2} ms");
        }
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Load average at the end (1/5/15 min): {MachineInfo.LoadAverage()}.");
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"Results written to {output}");
        return 0;
    }

    private static double CharactersPerSecond(TextGenerator generator, GenerationOptions options)
    {
        var clock = Stopwatch.StartNew();
        generator.Generate(options);
        return options.Length / clock.Elapsed.TotalSeconds;
    }

    // The cost of one step once the state holds N/2 positions: what stays flat as N grows.
    private static double StepMilliseconds(LanguageNetwork network, int steps)
    {
        var incremental = (IIncrementalNetwork)network;
        using var noGrad = torch.no_grad();
        using IDecodingState state = incremental.NewState();
        int prefill = network.Config.WindowSize / 2;
        using (torch.Tensor prompt = torch.zeros([1, prefill], torch.ScalarType.Int64))
        using (incremental.Decode(prompt, state))
        {
        }
        using torch.Tensor character = torch.zeros([1, 1], torch.ScalarType.Int64);
        int measured = Math.Min(steps, network.Config.WindowSize - prefill);
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < measured; step++)
        {
            using torch.Tensor logits = incremental.Decode(character, state);
        }
        return clock.Elapsed.TotalMilliseconds / measured;
    }
}

/// <summary>A family of sequence networks measured by <see cref="SequenceBenchmark"/>.</summary>
/// <param name="Command">The li-bench subcommand.</param>
/// <param name="Title">The results file's title.</param>
/// <param name="Presets">Default presets for the throughput table.</param>
/// <param name="Contexts">Default context lengths for the generation table.</param>
/// <param name="Output">The results file under bench/results.</param>
/// <param name="GenerationPreset">The preset whose shape generates.</param>
/// <param name="State">What the network carries between characters.</param>
/// <param name="Reader">The incremental scorer's name in the table.</param>
internal sealed record SequenceFamily(string Command, string Title, string Presets, string Contexts, string Output, string GenerationPreset, string State, string Reader);
