using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>Forward + backward time of the dual convolution network: ours, every pair of a level through the shared
/// merge MLP in one batched call (ceil(log2 T) calls), against a plain loop that merges one pair at a time (T - 1
/// calls, the original's structure), with the same modules and weights.</summary>
internal static class DualConvolutionBenchmark
{
    private static readonly (int Window, int Batch)[] Shapes = [(16, 256), (64, 256), (256, 64)];

    public static void Run(string resultsPath, bool quick, string[] args)
    {
        int repetitions = quick ? 3 : 7;
        var report = new StringBuilder(MachineInfo.Header("Dual convolution: batched levels against a plain loop over pairs", args));
        report.AppendLine(CultureInfo.InvariantCulture, $"The `dual_convolution` default (embedding 32, merge MLP 64 -> 32, discontinuous n = 3 links, layer norms), 128 classes, float32. Best and median of {repetitions} timed forward + backward passes of the cross-entropy after 2 warm-ups, the two forms interleaved. \"max |diff|\" is the largest logit difference between them (same weights).\n");
        report.AppendLine("| window T | batch | merge calls batched / loop | batched ms (best, median) | loop ms (best, median) | loop / batched (median) | max abs diff |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach ((int window, int batch) in Shapes)
        {
            using var scope = NewDisposeScope();
            var config = (DualConvolutionConfig)new DualConvolutionConfig().WithShape(window, 128);
            var network = new DualConvolution(config, new Generator(1));
            var generator = new Generator(2);
            Tensor ids = randint(0, 128, [batch, window], generator: generator, dtype: ScalarType.Int64);
            Tensor targets = randint(0, 128, [batch], generator: generator, dtype: ScalarType.Int64);
            Func<Tensor>[] forms = [() => network.call(ids), () => PairByPair(network, ids)];
            double difference;
            using (no_grad())
            {
                difference = (forms[0]() - forms[1]()).abs().max().item<float>();
            }
            var times = new List<double>[] { [], [] };
            for (int round = 0; round < repetitions + 2; round++)
            {
                for (int form = 0; form < forms.Length; form++)
                {
                    using var inner = NewDisposeScope();
                    var clock = Stopwatch.StartNew();
                    nn.functional.cross_entropy(forms[form](), targets).backward();
                    clock.Stop();
                    network.zero_grad();
                    if (round >= 2)
                    {
                        times[form].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
            string line = string.Create(CultureInfo.InvariantCulture,
                $"| {window} | {batch} | {config.Depth} / {window - 1} | {times[0].Min():F1}, {Statistics.Median(times[0]):F1} | {times[1].Min():F1}, {Statistics.Median(times[1]):F1} | {Statistics.Median(times[1]) / Statistics.Median(times[0]):F1}x | {difference:E1} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        LanguageInterpolation.Common.IO.AtomicFile.WriteAllText(resultsPath, report.ToString());
        Console.WriteLine($"Results written to {resultsPath}");
    }

    /// <summary>The same network, one merge call per pair: level by level, pairs concatenated and merged in a loop.</summary>
    private static Tensor PairByPair(DualConvolution network, Tensor ids)
    {
        Tensor x = network.Encoding.call(ids).unsqueeze(-1);                                  // (B, T, 1)
        Tensor e = network.EmbeddingNormalization.call(network.Embedding.call(x));             // (B, T, E)
        var level = Enumerable.Range(0, (int)e.shape[1]).Select(position => e.select(1, position)).ToList(); // T × (B, E)
        while (level.Count > 1)
        {
            if (level.Count % 2 == 1)
            {
                level.Insert(0, zeros_like(level[0]));                                         // zero vector on the left
            }
            var next = new List<Tensor>(level.Count / 2);
            for (int m = 0; m < level.Count; m += 2)
            {
                next.Add(network.Merge(cat([level[m], level[m + 1]], 1)));                     // (B, 2E) -> (B, E)
            }
            level = next;
        }
        return network.OutputLayer.call(level[0]);                                             // (B, V)
    }
}
