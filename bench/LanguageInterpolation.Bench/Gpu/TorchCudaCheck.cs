using LanguageInterpolation.Trainers.Presets;
using System.Diagnostics;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.Gpu;

/// <summary>
/// TorchSharp on CUDA against the CPU: for every preset, logits and parameter gradients of one batch of real
/// windows from the same initial weights; then the same short training run on both devices.
/// </summary>
internal static class TorchCudaCheck
{
    private const int Rows = 1024;

    public static int Run(string output, bool dryRun)
    {
        var report = new GpuReport("GPU check: TorchSharp training on CUDA", "li-bench gpu torch --output " + output);
        set_num_threads(Environment.ProcessorCount);
        string cudaName = dryRun ? "cpu" : "cuda";
        Device cuda = TrainingDevice.Resolve(cudaName);
        report.Line($"- Dry run (CPU stands in for CUDA): {dryRun}; CUDA devices: {torch.cuda.device_count()}; libtorch in use: {string.Join(", ", MappedLibraries("libtorch_cuda", "libc10_cuda"))}");
        CharacterWindows windows = GpuReport.DunwichWindows();
        using TrainingData all = TrainingData.FromWindows(windows);
        Tensor x = all.ContextSlice(0, Rows);         // (R, 16) int64 ids
        Tensor y = all.Labels.narrow(0, 0, Rows);     // (R)

        report.Line($"");
        report.Line($"## Forward and gradients, CPU vs CUDA ({Rows} windows, cross-entropy, seed 0)");
        report.Line($"");
        report.Line($"| preset | parameters | max abs logit diff | max abs logit | max abs gradient diff | max abs gradient |");
        report.Line($"|---|---|---|---|---|---|");
        foreach (string name in NetworkPresets.Names)
        {
            using var scope = NewDisposeScope();
            // Two copies from the same seed; the CUDA one moves before its first forward, as in training.
            using LanguageNetwork network = Build(name);
            using LanguageNetwork onCuda = Build(name);
            onCuda.to(cuda);
            (Tensor cpuLogits, Tensor[] cpuGradients) = ForwardBackward(network, x, y);
            (Tensor cudaLogits, Tensor[] cudaGradients) = ForwardBackward(onCuda, x.to(cuda), y.to(cuda));
            double logitDiff = (cudaLogits.cpu() - cpuLogits).abs().max().item<float>();
            double gradientDiff = cpuGradients.Zip(cudaGradients, (c, g) => (double)(g.cpu() - c).abs().max().item<float>()).Max();
            double gradientMax = cpuGradients.Max(g => (double)g.abs().max().item<float>());
            report.Line($"| {name} | {network.ParameterCount:N0} | {logitDiff:E1} | {cpuLogits.abs().max().item<float>():F3} | {gradientDiff:E1} | {gradientMax:E2} |");
        }

        report.Line($"");
        report.Line($"## The same training run on both devices (memorize split, 3 epochs, constant learning rate, seed 0)");
        report.Line($"");
        report.Line($"| preset | device | epoch losses | final accuracy | samples/s (last epoch) |");
        report.Line($"|---|---|---|---|---|");
        foreach (string name in new[] { "large_standard", "large_single_layer" })
        {
            foreach (string device in new[] { "cpu", cudaName })
            {
                NetworkPreset preset = NetworkPresets.Load(name);
                TrainingOptions options = preset.Training with
                {
                    MaxEpochs = 3, Device = device, Threads = Environment.ProcessorCount, EarlyStoppingPatience = 0,
                    Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
                };
                using var generator = new Generator(0);
                using LanguageNetwork network = preset.Network.WithShape(16, 128).Build(generator);
                var clock = Stopwatch.StartNew();
                TrainingHistory history = new TrainingLoop(network, options).Run(all, all);
                string losses = string.Join(" / ", history.Epochs.Select(epoch => epoch.TrainLoss.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
                report.Line($"| {name} | {device} | {losses} | {history.Epochs[^1].ValidationAccuracy:F4} | {history.Epochs[^1].SamplesPerSecond:F0} |");
            }
        }
        report.Save(output);
        return 0;
    }

    private static LanguageNetwork Build(string preset)
    {
        using var generator = new Generator(0);
        return NetworkPresets.Load(preset).Network.WithShape(16, 128).Build(generator);
    }

    private static (Tensor Logits, Tensor[] Gradients) ForwardBackward(LanguageNetwork network, Tensor x, Tensor y)
    {
        Tensor logits = network.forward(x);                          // (R, V)
        nn.functional.cross_entropy(logits, y).backward();
        return (logits.detach(), network.parameters().Select(p => p.grad!.detach().clone()).ToArray());
    }

    /// <summary>Full paths of the mapped native libraries whose names contain one of the given parts (proves which libtorch runs).</summary>
    private static IEnumerable<string> MappedLibraries(params string[] parts) =>
        File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(fields => fields.Length >= 6)
            .Select(fields => fields[5]).Where(path => parts.Any(part => path.Contains(part, StringComparison.Ordinal))).Distinct();
}
