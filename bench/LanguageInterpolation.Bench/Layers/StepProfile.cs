using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Presets;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.Layers;

/// <summary>Where a training step's time goes, per preset: forward only, forward + loss + backward, and the whole
/// step with the optimiser, each the median of timed steps at the preset's batch size (random ids; the cost does
/// not depend on the data). The differences estimate backward and optimiser time.</summary>
internal static class StepProfile
{
    public static void Run(string resultsPath, bool quick, string[] args)
    {
        int presetsAt = Array.IndexOf(args, "--presets");
        string[] presets = presetsAt >= 0 && presetsAt + 1 < args.Length ? args[presetsAt + 1].Split(',') : ["small", "large_standard", "large_single_layer"];
        int steps = quick ? 30 : 200;
        var report = new StringBuilder(MachineInfo.Header("Training step profile", args));
        report.AppendLine(CultureInfo.InvariantCulture, $"16-character windows, 128 classes, each preset's batch size and optimiser, torch threads as above (`--threads`, default 2); median of {steps} timed steps after 20 warm-ups, the three measurements interleaved step by step.\n");
        report.AppendLine("| preset | batch | forward ms | + loss and backward ms | + optimiser step ms | samples/s (whole step) | backward share | optimiser share |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (string name in presets)
        {
            using var scope = NewDisposeScope();
            NetworkPreset preset = NetworkPresets.Load(name);
            int batch = preset.Training.BatchSize;
            using var generator = new Generator(1);
            using LanguageNetwork network = preset.Network.WithShape(16, 128).Build(generator);
            using IParameterOptimizer optimizer = OptimizerFactory.Create(network.parameters(), preset.Training.Optimizer);
            Tensor ids = randint(0, 128, [batch, 16], generator: generator, dtype: ScalarType.Int64);
            Tensor labels = randint(0, 128, [batch], generator: generator, dtype: ScalarType.Int64);
            var times = new List<double>[] { [], [], [] };
            for (int step = 0; step < steps + 20; step++)
            {
                for (int part = 0; part < 3; part++)
                {
                    using var inner = NewDisposeScope();
                    var clock = Stopwatch.StartNew();
                    if (part == 0)
                    {
                        using var noGrad = no_grad();
                        network.NextCharacterLogits(ids).sum().item<float>();
                    }
                    else
                    {
                        Tensor loss = nn.functional.cross_entropy(network.NextCharacterLogits(ids), labels);
                        optimizer.ZeroGrad();
                        loss.backward();
                        if (part == 2)
                        {
                            optimizer.Step();
                        }
                        loss.item<float>();
                    }
                    clock.Stop();
                    if (step >= 20)
                    {
                        times[part].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
            double[] median = times.Select(Statistics.Median).ToArray();
            string line = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {batch} | {median[0]:F2} | {median[1]:F2} | {median[2]:F2} | {batch / median[2] * 1000:F0} | {(median[1] - median[0]) / median[2]:P0} | {(median[2] - median[1]) / median[2]:P0} |");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
        LanguageInterpolation.Common.IO.AtomicFile.WriteAllText(resultsPath, report.ToString());
        Console.WriteLine($"Results written to {resultsPath}");
    }
}
