using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>Where the time of one hidden-layer step goes (development aid).</summary>
internal static class Probe
{
    public static void Run()
    {
        var config = new HighOrderLayerConfig { InFeatures = 250, OutFeatures = 250 };
        using var layer = new HighOrderLayer("hidden", config);
        Tensor x0 = (rand(1000, 250) * Held(2) - Held(1)).DetachFromDisposeScope();
        Tensor c = randn(1000, 250).DetachFromDisposeScope();
        Report("elementwise add (B,in)", () => { using var s = NewDisposeScope(); _ = x0.add(Held(1), One); });
        Report("range+locate", () => { using var s = NewDisposeScope(); _ = LinkGrid.Locate(InputRange.Apply(x0, config.Range), config); });
        Report("locate+basis", () => { using var s = NewDisposeScope(); var (f, t) = LinkGrid.Locate(x0, config); _ = LagrangeBasis.Evaluate(t, 2); });
        Report("basis only", () => { using var s = NewDisposeScope(); _ = LagrangeBasis.Evaluate(x0, 2); });
        Report("scatter", () => { using var s = NewDisposeScope(); var rows = randint(0, 750, [1000, 500]); _ = zeros(1000, 750).scatter(1, rows, x0.repeat(1, 2)); });
        Report("mm fwd", () => { using var s = NewDisposeScope(); _ = zeros(1000, 750).mm(layer.Weight.view(750, 250)); });
        Report("layer fwd", () => { using var s = NewDisposeScope(); using var ng = no_grad(); _ = layer.call(x0); });
        Report("layer fwd+bwd", () => { using var s = NewDisposeScope(); var x = x0.detach().requires_grad_(); (layer.call(x) * c).sum().backward(); });
    }

    /// <summary>Process memory over many GatherActive training steps (the custom autograd node must not leak).</summary>
    public static void Memory(PiecewiseAlgorithm algorithm, int steps)
    {
        var config = new HighOrderLayerConfig { InFeatures = 16, OutFeatures = 250, Segments = 128, Algorithm = algorithm };
        using var layer = new HighOrderLayer("input", config);
        var optimizer = new Lion(layer.parameters(), 1e-4);
        Tensor x0 = (rand(1000, 16) * Held(2) - Held(1)).DetachFromDisposeScope();
        for (int step = 1; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            Tensor x = x0.detach().requires_grad_(step % 2 == 0); // both backward paths
            layer.call(x).pow(Held(2)).mean().backward();
            optimizer.Step();
            if (step % (steps / 6) == 0)
            {
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                Console.WriteLine($"{algorithm} step {step}: working set {process.WorkingSet64 / 1_000_000} MB, managed {GC.GetTotalMemory(false) / 1_000_000} MB");
            }
        }
    }

    private static void Report(string name, Action action) =>
        Console.WriteLine($"{name,-28} {FormulationBenchmark.Best(20, action):0.000} ms");
}
