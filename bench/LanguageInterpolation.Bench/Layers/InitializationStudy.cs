using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Trainers.Optimizers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Transforms.Corpus;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>Trains the same small 3-layer stack from each <see cref="LayerInitialization"/> with the same budget
/// and compares training losses.</summary>
internal static class InitializationStudy
{
    private const int Window = 16;
    private const int SliceCharacters = 20_000;
    private const int Batch = 256;

    private sealed record Optimizer(string Name, double LearningRate);

    /// <summary>A scheme per layer (input, hidden, output) and its WeightMagnitude.</summary>
    private sealed record Variant(string Name, LayerInitialization Input, LayerInitialization Hidden, LayerInitialization Output, double Magnitude = 1.0)
    {
        public Variant(LayerInitialization all, double magnitude = 1.0)
            : this(magnitude == 1.0 ? all.ToString() : string.Create(CultureInfo.InvariantCulture, $"{all}, WeightMagnitude {magnitude:G}"), all, all, all, magnitude)
        {
        }
    }

    public static void Run(string resultsPath, bool quick, string[] args)
    {
        int epochs = quick ? 3 : 10;
        int[] seeds = quick ? [1] : [1, 2, 3];
        Optimizer[] optimizers = [new("Adam", 1e-3), new("Lion", 1e-3)];
        Variant[] variants =
        [
            .. Enum.GetValues<LayerInitialization>().Select(i => new Variant(i)),
            new(LayerInitialization.Uniform, 4.0),
            new(LayerInitialization.RandomSlope, 0.5),
            new(LayerInitialization.RandomSlope, 2.0),
            new("Uniform input, RandomSlope hidden and output", LayerInitialization.Uniform, LayerInitialization.RandomSlope, LayerInitialization.RandomSlope),
        ];
        (Tensor inputs, Tensor targets) = LoadWindows();
        long samples = inputs.shape[0];

        var report = new StringBuilder(MachineInfo.Header("Initialisation study", args));
        report.AppendLine(CultureInfo.InvariantCulture, $"""
            Set-up: the first {SliceCharacters:N0} ASCII characters of The Dunwich Horror (`data/gutenberg/pg50133-dunwich-horror.txt`,
            Gutenberg header and footer stripped, non-ASCII characters dropped), {Window}-character windows -> next character
            ({samples:N0} windows), input value (c - 64 + 0.5)/64, 128 classes, cross entropy. Network:
            C(16->32, n2, S128), LayerNorm, C(32->32, n2, S2), LayerNorm, C(32->128, n2, S2), with every layer
            initialised by the scheme under test (defaults: WeightMagnitude 1, MaxSlope 0.5, MaxOffset 0.5). Batch {Batch},
            shuffled each epoch, {epochs} epochs, seeds {string.Join(", ", seeds)} (the seed drives the weights and the
            shuffling). Loss = mean training cross entropy over an epoch (nats); "final" = full-data loss and accuracy
            after training, evaluated without gradient. Mean over seeds, range in brackets.

            """);
        report.AppendLine("| optimizer | initialisation | loss epoch 1 | loss last epoch | final loss | final accuracy | layers with gradient at step 1 |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (Optimizer optimizer in optimizers)
        {
            foreach (Variant variant in variants)
            {
                var runs = seeds.Select(seed => Train(inputs, targets, variant, optimizer, epochs, seed)).ToList();
                string line = string.Create(CultureInfo.InvariantCulture,
                    $"| {optimizer.Name} lr {optimizer.LearningRate:G} | {variant.Name} | {Summary(runs.Select(r => r.FirstEpochLoss))} | {Summary(runs.Select(r => r.LastEpochLoss))} | {Summary(runs.Select(r => r.FinalLoss))} | {Summary(runs.Select(r => r.FinalAccuracy))} | {runs[0].LayersWithGradient}/3 |");
                Console.WriteLine(line);
                report.AppendLine(line);
            }
        }
        File.WriteAllText(resultsPath, report.ToString());
        Console.WriteLine($"Wrote {resultsPath}");
    }

    private sealed record RunResult(double FirstEpochLoss, double LastEpochLoss, double FinalLoss, double FinalAccuracy, int LayersWithGradient);

    private static RunResult Train(Tensor inputs, Tensor targets, Variant variant, Optimizer optimizer, int epochs, int seed)
    {
        var generator = new Generator((ulong)seed, device("cpu"));
        double magnitude = variant.Magnitude;
        HighOrderLayer[] layers =
        [
            new("input", new HighOrderLayerConfig { InFeatures = 16, OutFeatures = 32, Segments = 128, Initialization = variant.Input, WeightMagnitude = magnitude }, generator),
            new("hidden", new HighOrderLayerConfig { InFeatures = 32, OutFeatures = 32, Initialization = variant.Hidden, WeightMagnitude = magnitude }, generator),
            new("output", new HighOrderLayerConfig { InFeatures = 32, OutFeatures = 128, Initialization = variant.Output, WeightMagnitude = magnitude }, generator),
        ];
        using var network = nn.Sequential(
            ("input", layers[0]), ("norm1", new LayerNormalization("norm1", 32)),
            ("hidden", layers[1]), ("norm2", new LayerNormalization("norm2", 32)),
            ("output", layers[2]));
        var parameters = network.parameters().ToList();
        optim.Optimizer? adam = optimizer.Name == "Adam" ? optim.Adam(parameters, optimizer.LearningRate) : null;
        Lion? lion = optimizer.Name == "Lion" ? new Lion(parameters, optimizer.LearningRate) : null;

        long samples = inputs.shape[0];
        var epochLosses = new List<double>();
        int layersWithGradient = -1;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            Tensor order = randperm(samples, generator: generator);
            double lossSum = 0;
            int batches = 0;
            for (long start = 0; start + Batch <= samples; start += Batch)
            {
                using var stepScope = NewDisposeScope();
                Tensor index = order.narrow(0, start, Batch);
                adam?.zero_grad();
                lion?.ZeroGrad();
                Tensor loss = nn.functional.cross_entropy(network.call(inputs.index_select(0, index)), targets.index_select(0, index));
                loss.backward();
                if (layersWithGradient < 0)
                {
                    layersWithGradient = layers.Count(l => l.Weight.grad is not null && l.Weight.grad.abs().max().item<float>() > 0);
                }
                adam?.step();
                lion?.Step();
                lossSum += loss.item<float>();
                batches++;
            }
            epochLosses.Add(lossSum / batches);
        }
        using var evaluationScope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor logits = network.call(inputs);
        double finalLoss = nn.functional.cross_entropy(logits, targets).item<float>();
        double accuracy = logits.argmax(1).eq(targets).to(ScalarType.Float32).mean().item<float>();
        return new RunResult(epochLosses[0], epochLosses[^1], finalLoss, accuracy, layersWithGradient);
    }

    private static (Tensor Inputs, Tensor Targets) LoadWindows()
    {
        string path = Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "pg50133-dunwich-horror.txt");
        string text = GutenbergBoilerplate.Strip(File.ReadAllText(path));
        int[] codes = text.Where(c => c < 128).Take(SliceCharacters).Select(c => (int)c).ToArray();
        int count = codes.Length - Window;
        var inputs = new float[count * Window];
        var targets = new long[count];
        for (int s = 0; s < count; s++)
        {
            for (int k = 0; k < Window; k++)
            {
                inputs[s * Window + k] = (codes[s + k] - 64 + 0.5f) / 64f;
            }
            targets[s] = codes[s + Window];
        }
        return (tensor(inputs, [count, Window]).DetachFromDisposeScope(), tensor(targets).DetachFromDisposeScope());
    }

    private static string Summary(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        return v.Length == 1
            ? v[0].ToString("0.000", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{v.Average():0.000} [{v.Min():0.000}, {v.Max():0.000}]");
    }
}
