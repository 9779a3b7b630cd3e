using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Trainers.Optimizers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>Forward+backward time per batch of each contraction on the preset layer shapes, the K/n crossover
/// behind <see cref="PiecewiseAlgorithm.Auto"/>, and whole-network training throughput.</summary>
internal static class FormulationBenchmark
{
    private sealed record Shape(string Name, LinkKind Kind, int In, int Out, int Nodes, int Segments, int Batch, bool InputNeedsGradient);

    private static readonly Shape[] Presets =
    [
        new("input C(16->250, n2, S128)", LinkKind.Continuous, 16, 250, 2, 128, 1000, false),
        new("input D(16->250, n2, S128)", LinkKind.Discontinuous, 16, 250, 2, 128, 1000, false),
        new("hidden C(250->250, n2, S2)", LinkKind.Continuous, 250, 250, 2, 2, 1000, true),
        new("output C(250->128, n2, S2)", LinkKind.Continuous, 250, 128, 2, 2, 1000, true),
        new("small output D(10->128, n2, S8)", LinkKind.Discontinuous, 10, 128, 2, 8, 256, true),
        new("small input C(16->10, n2, S128)", LinkKind.Continuous, 16, 10, 2, 128, 256, false),
    ];

    public static void Run(string resultsPath, bool quick, string[] args)
    {
        int repetitionsAt = Array.IndexOf(args, "--repetitions");
        int repetitions = repetitionsAt >= 0 ? int.Parse(args[repetitionsAt + 1], CultureInfo.InvariantCulture) : quick ? 5 : 15;
        int sweepRepetitions = Math.Max(5, repetitions / 3);
        var report = new StringBuilder(MachineInfo.Header("High-order layer formulations", args));
        report.AppendLine(CultureInfo.InvariantCulture, $"Best (minimum) of {repetitions} timed repetitions ({sweepRepetitions} in the sweep) (6 where one round of a row's steps takes over 300 ms) after 3 warm-ups; the formulations of one row run interleaved (ABAB...), so load from other work hits them alike and only ever adds time; forward + backward of `sum(y * c)` per batch (input gradient included where the layer is not the first), float32.\n");

        report.AppendLine("## Preset layer shapes\n");
        report.AppendLine("| layer | batch | K | ExpandedMatmul ms | GatherActive ms | materialised (B,in,out,n) gather ms | Auto picks |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (Shape shape in Presets)
        {
            long materialised = (long)shape.Batch * shape.In * shape.Out * shape.Nodes;
            bool withOriginal = materialised <= 16_000_000;
            double[] best = CompareLayer(shape, repetitions, withOriginal);
            double expanded = best[0], gathered = best[1];
            string original = withOriginal ? Format(best[2]) : $"skipped ({materialised * 4 / 1_000_000} MB tensor)";
            var config = Config(shape, PiecewiseAlgorithm.Auto);
            string line = $"| {shape.Name} | {shape.Batch} | {config.WeightsPerLink} | {Format(expanded)} | {Format(gathered)} | {original} | {config.ResolvedAlgorithm} |";
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        report.AppendLine("\n## Crossover sweep (batch 1000, out 250)\n");
        report.AppendLine("| kind | in | n | S | K | K/n | ExpandedMatmul ms | GatherActive ms | faster | Auto picks |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach ((LinkKind kind, int n, int[] segmentList) in new (LinkKind, int, int[])[]
        {
            (LinkKind.Continuous, 2, quick ? [16, 64] : [8, 16, 32, 64, 128]),
            (LinkKind.Discontinuous, 2, quick ? [8, 32] : [4, 8, 16, 32, 64]),
            (LinkKind.Continuous, 3, quick ? [8] : [4, 8, 16, 32]),
        })
        {
            foreach (int inputs in new[] { 16, 250 })
            {
                foreach (int segments in segmentList.Where(s => inputs == 16 || s <= 64))
                {
                    var shape = new Shape("sweep", kind, inputs, 250, n, segments, 1000, inputs > 16);
                    double[] best = CompareLayer(shape, sweepRepetitions, withOriginal: false);
                    double expanded = best[0], gathered = best[1];
                    var config = Config(shape, PiecewiseAlgorithm.Auto);
                    string line = $"| {kind} | {inputs} | {n} | {segments} | {config.WeightsPerLink} | {(double)config.WeightsPerLink / n:0.#} | {Format(expanded)} | {Format(gathered)} | {(expanded <= gathered ? "Expanded" : "Gather")} | {(config.ResolvedAlgorithm == PiecewiseAlgorithm.GatherActive ? "Gather" : "Expanded")} |";
                    Console.WriteLine(line);
                    report.AppendLine(line);
                }
            }
        }

        report.AppendLine("\n## Whole networks: training throughput (forward + backward + Lion step)\n");
        report.AppendLine("| network | batch | contraction | ms / step | samples / s |");
        report.AppendLine("|---|---|---|---|---|");
        foreach ((string name, Shape[] layers, int batch) in Networks())
        {
            PiecewiseAlgorithm[] algorithms = [PiecewiseAlgorithm.Auto, PiecewiseAlgorithm.ExpandedMatmul, PiecewiseAlgorithm.GatherActive];
            var networks = algorithms.Select(a => NetworkStep(layers, a, batch)).ToList();
            double[] best = BestInterleaved(repetitions, networks.Select(n => n.Step).ToArray());
            networks.ForEach(n => n.Dispose());
            for (int k = 0; k < algorithms.Length; k++)
            {
                PiecewiseAlgorithm algorithm = algorithms[k];
                double milliseconds = best[k];
                string line = $"| {name} | {batch} | {algorithm} | {Format(milliseconds)} | {batch / milliseconds * 1000:N0} |";
                Console.WriteLine(line);
                report.AppendLine(line);
            }
        }
        report.AppendLine("""

            Reference points (from `shared/docs/reference-bench.md` and the brief; other runs on the same kind of
            2-core machine): the original's large_single_layer trains at 215-235 samples/s, its small preset at
            15,000-16,400 samples/s; a hat-basis scatter + matmul prototype of large_single_layer at 24-37 k samples/s.
            """);
        File.WriteAllText(resultsPath, report.ToString());
        Console.WriteLine($"Wrote {resultsPath}");
    }

    private static IEnumerable<(string Name, Shape[] Layers, int Batch)> Networks()
    {
        yield return ("large_single_layer: C16->250 S128, LN, C250->250 S2, LN, C250->128 S2", [
            new("", LinkKind.Continuous, 16, 250, 2, 128, 1000, false),
            new("", LinkKind.Continuous, 250, 250, 2, 2, 1000, true),
            new("", LinkKind.Continuous, 250, 128, 2, 2, 1000, true)], 1000);
        yield return ("small: C16->10 S128, LN, D10->10 S8, LN, D10->10 S8, LN, D10->128 S8", [
            new("", LinkKind.Continuous, 16, 10, 2, 128, 256, false),
            new("", LinkKind.Discontinuous, 10, 10, 2, 8, 256, true),
            new("", LinkKind.Discontinuous, 10, 10, 2, 8, 256, true),
            new("", LinkKind.Discontinuous, 10, 128, 2, 8, 256, true)], 256);
    }

    private static HighOrderLayerConfig Config(Shape shape, PiecewiseAlgorithm algorithm) => new()
    {
        InFeatures = shape.In,
        OutFeatures = shape.Out,
        Kind = shape.Kind,
        Nodes = shape.Nodes,
        Segments = shape.Segments,
        Algorithm = algorithm,
        Initialization = LayerInitialization.Uniform,
    };

    /// <summary>Best times of ExpandedMatmul, GatherActive and (optionally) the materialised gather, measured
    /// interleaved so that load from other work hits all of them alike.</summary>
    private static double[] CompareLayer(Shape shape, int repetitions, bool withOriginal)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(2, device("cpu"));
        Tensor input = rand([shape.Batch, shape.In], generator: generator) * Held(2) - Held(1);
        Tensor cotangent = randn([shape.Batch, shape.Out], generator: generator);
        using var expanded = new HighOrderLayer("expanded", Config(shape, PiecewiseAlgorithm.ExpandedMatmul), new Generator(1, device("cpu")));
        using var gathered = new HighOrderLayer("gathered", Config(shape, PiecewiseAlgorithm.GatherActive), new Generator(1, device("cpu")));
        var steps = new List<Action> { LayerStep(expanded, input, cotangent, shape), LayerStep(gathered, input, cotangent, shape) };
        if (withOriginal)
        {
            steps.Add(MaterialisedGatherStep(expanded, input, cotangent, shape));
        }
        return BestInterleaved(repetitions, [.. steps]);
    }

    private static Action LayerStep(HighOrderLayer layer, Tensor input, Tensor cotangent, Shape shape) => () =>
    {
        using var scope = NewDisposeScope();
        Tensor x = input.detach().requires_grad_(shape.InputNeedsGradient);
        (layer.call(x) * cotangent).sum().backward();
        layer.Weight.grad?.zero_();
    };

    /// <summary>The original's cost model: gather the (B, in, n, out) active weights, then contract.</summary>
    private static Action MaterialisedGatherStep(HighOrderLayer layer, Tensor input, Tensor cotangent, Shape shape) => () =>
    {
        using var scope = NewDisposeScope();
        HighOrderLayerConfig config = layer.Config;
        Tensor x = input.detach().requires_grad_(shape.InputNeedsGradient);
        (Tensor first, Tensor t) = LinkGrid.Locate(x, config);                                                    // (B, in)
        Tensor basis = LagrangeBasis.Evaluate(t, config.Nodes);                                                   // (B, in, n)
        Tensor rows = first.add(Range(config.InFeatures) * Held(config.WeightsPerLink), One).unsqueeze(-1)
            .add(Range(config.Nodes), One);                                                                       // (B, in, n)
        Tensor active = layer.Weight.view(-1, config.OutFeatures).index_select(0, rows.view(-1))
            .view(shape.Batch, config.InFeatures, config.Nodes, config.OutFeatures);                             // (B, in, n, out)
        Tensor y = (active * basis.unsqueeze(-1)).sum([1, 2]);                                                    // (B, out)
        (y * cotangent).sum().backward();
        layer.Weight.grad?.zero_();
    };

    private sealed record NetworkRun(Action Step, Action Dispose);

    private static NetworkRun NetworkStep(Shape[] shapes, PiecewiseAlgorithm algorithm, int batch)
    {
        var modules = new List<nn.Module<Tensor, Tensor>>();
        for (int k = 0; k < shapes.Length; k++)
        {
            if (k > 0)
            {
                modules.Add(new LayerNormalization($"norm{k}", shapes[k].In));
            }
            modules.Add(new HighOrderLayer($"layer{k}", Config(shapes[k], algorithm), new Generator((ulong)k + 1, device("cpu"))));
        }
        var network = nn.Sequential(modules.Select((m, k) => ($"m{k}", m)).ToArray());
        var optimizer = new Lion(network.parameters(), 1e-4);
        var generator = new Generator(5, device("cpu"));
        Tensor input = ((randint(0, 128, [batch, shapes[0].In], generator: generator).to(ScalarType.Float32) - Held(63.5)) / Held(64)).DetachFromDisposeScope();
        Tensor target = randint(0, shapes[^1].Out, [batch], generator: generator).DetachFromDisposeScope();
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            Tensor loss = nn.functional.cross_entropy(network.call(input), target);
            loss.backward();
            optimizer.Step();
        }
        return new NetworkRun(Step, () =>
        {
            network.Dispose();
            input.Dispose();
            target.Dispose();
        });
    }

    /// <summary>Minimum time of each step over the repetitions, the steps run in turn (ABCABC...) so that load from
    /// other work on the shared CPUs hits all of them alike; the minimum because such load only ever adds time.</summary>
    internal static double[] BestInterleaved(int repetitions, params Action[] steps)
    {
        long warmUp = Stopwatch.GetTimestamp();
        for (int k = 0; k < 3; k++)
        {
            foreach (Action step in steps)
            {
                step();
            }
        }
        if (Stopwatch.GetElapsedTime(warmUp).TotalMilliseconds > 3 * 300)
        {
            repetitions = Math.Min(repetitions, 6); // slow shapes: fewer repetitions
        }
        var best = Enumerable.Repeat(double.MaxValue, steps.Length).ToArray();
        for (int r = 0; r < repetitions; r++)
        {
            for (int k = 0; k < steps.Length; k++)
            {
                long start = Stopwatch.GetTimestamp();
                steps[k]();
                best[k] = Math.Min(best[k], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return best;
    }

    internal static double Best(int repetitions, Action step) => BestInterleaved(repetitions, step)[0];

    private static string Format(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture);
}
