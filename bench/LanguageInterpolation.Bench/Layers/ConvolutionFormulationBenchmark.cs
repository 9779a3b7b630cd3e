using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>Forward + backward time of the high-order 1-D convolution's formulations on the conv and tail-focus
/// layer shapes: ours (windows gathered into (B·L_out, C_in·k) and one <see cref="HighOrderLayer"/>, with either
/// contraction) against the original's expand-then-convolve (every input value expanded into its K basis values,
/// a dense (B, C·K, L) tensor, then an ordinary <c>conv1d</c>).</summary>
internal static class ConvolutionFormulationBenchmark
{
    private sealed record Shape(string Name, int InChannels, int OutChannels, int Kernel, int Stride, int Segments, int Length, int Batch, bool InputNeedsGradient);

    private static readonly Shape[] Shapes =
    [
        new("high_order_conv 1: 1->10, k10 s10, S128", 1, 10, 10, 10, 128, 1000, 64, false),
        new("high_order_conv 2: 10->100, k10 s10, S10", 10, 100, 10, 10, 10, 100, 64, true),
        new("high_order_conv 3: 100->100, k10 s10, S10", 100, 100, 10, 10, 10, 10, 64, true),
        new("high_order_tail_focus 1: 1->250, k16 s8, S128", 1, 250, 16, 8, 128, 256, 64, false),
        new("high_order_tail_focus 2: 250->250, k2 s1, S2", 250, 250, 2, 1, 2, 31, 64, true),
        new("high_order_tail_focus 3: 250->100, k16 s8, S2", 250, 100, 16, 8, 2, 30, 64, true),
        new("conv (default) 1: 1->32, k4 s2, S128", 1, 32, 4, 2, 128, 16, 256, false),
        new("conv (default) 2: 32->64, k4 s2, S2", 32, 64, 4, 2, 2, 7, 256, true),
        new("tail_focus (default) 1: 1->32, k4 s2, S128", 1, 32, 4, 2, 128, 16, 256, false),
        new("tail_focus (default) 2: 32->32, k3 s1, S2", 32, 32, 3, 1, 2, 7, 256, true),
        new("tail_focus at 256 chars 2: 32->32, k3 s1, S2", 32, 32, 3, 1, 2, 127, 64, true),
    ];

    public static void Run(string resultsPath, bool quick, string[] args)
    {
        int repetitions = quick ? 3 : 7;
        var report = new StringBuilder(MachineInfo.Header("High-order 1-D convolution formulations", args));
        report.AppendLine(CultureInfo.InvariantCulture, $"Best (minimum) of {repetitions} timed repetitions after 2 warm-ups, the four formulations interleaved; forward + backward of `sum(y * c)` (input gradient included after the first layer), float32, continuous n = 2 links. \"max |diff|\" is the largest output difference of the original's formulation from our gathered windows (same weights): both compute the same function. \"ours, expand + conv1d\" is our ExpandedConvolution formulation (the layer's own basis expansion, each position once, then conv1d); \"Auto picks\" is what the layer uses by default at that length.\n");
        report.AppendLine("| layer | batch | L | K | ours, windows + ExpandedMatmul ms | ours, windows + GatherActive ms | ours, expand + conv1d ms | original expand + conv1d ms | Auto picks | max abs diff |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (Shape shape in Shapes)
        {
            using var scope = NewDisposeScope();
            var generator = new Generator(1);
            Tensor x = (rand([shape.Batch, shape.InChannels, shape.Length], generator: generator) * Held(2) - Held(1)).requires_grad_(shape.InputNeedsGradient);
            var expanded = new HighOrderConvolution1d("conv", Config(shape, PiecewiseAlgorithm.ExpandedMatmul), new Generator(2));
            var gathered = new HighOrderConvolution1d("conv", Config(shape, PiecewiseAlgorithm.GatherActive), new Generator(2));
            var convolved = new HighOrderConvolution1d("conv", Config(shape, PiecewiseAlgorithm.Auto) with { Formulation = ConvolutionFormulation.ExpandedConvolution }, new Generator(2));
            Parameter originalWeight = OriginalWeight(expanded);
            Tensor c = randn(expanded.call(x).shape, generator: generator);
            Func<Tensor>[] steps =
            [
                () => expanded.call(x),
                () => gathered.call(x),
                () => convolved.call(x),
                () => ExpandThenConvolve(x, originalWeight, expanded.Config),
            ];
            double difference;
            using (no_grad())
            {
                difference = (steps[0]() - steps[3]()).abs().max().item<float>();
            }
            var best = Enumerable.Repeat(double.MaxValue, steps.Length).ToArray();
            for (int round = 0; round < repetitions + 2; round++)
            {
                for (int step = 0; step < steps.Length; step++)
                {
                    using var inner = NewDisposeScope();
                    var clock = Stopwatch.StartNew();
                    (steps[step]() * c).sum().backward();
                    clock.Stop();
                    if (round >= 2)
                    {
                        best[step] = Math.Min(best[step], clock.Elapsed.TotalMilliseconds);
                    }
                    expanded.zero_grad();
                    gathered.zero_grad();
                    convolved.zero_grad();
                    originalWeight.grad?.zero_();
                    x.grad?.zero_();
                }
            }
            HighOrderConvolution1dConfig automatic = Config(shape, PiecewiseAlgorithm.Auto);
            HighOrderLayerConfig links = automatic.LinkLayer();
            string picked = automatic.FormulationFor(shape.Length) == ConvolutionFormulation.ExpandedConvolution
                ? "expand + conv1d" : $"windows + {links.ResolvedAlgorithm}";
            string line = string.Create(CultureInfo.InvariantCulture,
                $"| {shape.Name} | {shape.Batch} | {shape.Length} | {links.WeightsPerLink} | {best[0]:F2} | {best[1]:F2} | {best[2]:F2} | {best[3]:F2} | {picked} | {difference:E1} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        LanguageInterpolation.Common.IO.AtomicFile.WriteAllText(resultsPath, report.ToString());
        Console.WriteLine($"Results written to {resultsPath}");
    }

    private static HighOrderConvolution1dConfig Config(Shape shape, PiecewiseAlgorithm algorithm) => new()
    {
        InChannels = shape.InChannels, OutChannels = shape.OutChannels, KernelSize = shape.Kernel, Stride = shape.Stride,
        Segments = shape.Segments, Algorithm = algorithm,
        Formulation = algorithm == PiecewiseAlgorithm.Auto ? ConvolutionFormulation.Auto : ConvolutionFormulation.Windows,
    };

    /// <summary>Our [C·k, K, C_out] weight as the original's conv1d weight (C_out, C·K, k): channel c's basis q at
    /// kernel offset j.</summary>
    private static Parameter OriginalWeight(HighOrderConvolution1d convolution)
    {
        HighOrderConvolution1dConfig config = convolution.Config;
        int weights = config.LinkLayer().WeightsPerLink;
        using var noGrad = no_grad();
        Tensor w = convolution.Links.Weight.detach().view(config.InChannels, config.KernelSize, weights, config.OutChannels) // (C, k, K, C_out)
            .permute(3, 0, 2, 1).reshape(config.OutChannels, config.InChannels * weights, config.KernelSize);                // (C_out, C·K, k)
        var parameter = new Parameter(w.contiguous());
        parameter.DetachFromDisposeScope();
        return parameter;
    }

    /// <summary>The original's formulation: every value replaced by its K basis values (n non-zeros at the active
    /// segment), a dense (B, C·K, L) tensor, then conv1d.</summary>
    private static Tensor ExpandThenConvolve(Tensor x, Tensor weight, HighOrderConvolution1dConfig config)
    {
        HighOrderLayerConfig links = config.LinkLayer();
        (Tensor first, Tensor t) = LinkGrid.Locate(x, links);                                     // (B, C, L)
        Tensor basis = LagrangeBasis.Evaluate(t, links.Nodes);                                    // (B, C, L, n)
        Tensor slots = first.unsqueeze(-1).add(Range(links.Nodes), One);                        // (B, C, L, n)
        long batch = x.shape[0], length = x.shape[2];
        Tensor expanded = zeros([batch, config.InChannels, length, links.WeightsPerLink]).scatter(3, slots, basis); // (B, C, L, K)
        Tensor channels = expanded.permute(0, 1, 3, 2).reshape(batch, config.InChannels * links.WeightsPerLink, length); // (B, C·K, L)
        return nn.functional.conv1d(channels, weight, stride: config.Stride, padding: config.Padding);               // (B, C_out, L_out)
    }
}
