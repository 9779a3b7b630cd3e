using System.Diagnostics;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Bench.Training;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Bench.Mamba;

/// <summary>
/// The selective scan alone: the original's loop over time (a select per step), <see cref="SelectiveScan.Sequential"/>
/// (the loop over unbound slices) and <see cref="SelectiveScan.Chunked"/> on random (B, T, D, N) inputs shaped like one block of the original's mamba.yaml
/// (D = 128, N = 32), forward only and forward + backward (a weighted sum of the states as the loss), at several T.
/// Median of the repetitions that fit in the time given per cell.
/// Usage: li-bench mamba-scan [--lengths 64,256,1024] [--batch 4] [--channels 128] [--states 32] [--seconds 5]
///                            [--threads 2] [--output FILE]
/// </summary>
internal static class MambaScanBenchmark
{
    public static int Run(string[] args)
    {
        var arguments = Arguments.Parse(args);
        int[] lengths = arguments.Get("lengths", "64,256,1024").Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        int batch = int.Parse(arguments.Get("batch", "4"), CultureInfo.InvariantCulture);
        int channels = int.Parse(arguments.Get("channels", "128"), CultureInfo.InvariantCulture);
        int states = int.Parse(arguments.Get("states", "32"), CultureInfo.InvariantCulture);
        double seconds = double.Parse(arguments.Get("seconds", "5"), CultureInfo.InvariantCulture);
        int threads = int.Parse(arguments.Get("threads", "2"), CultureInfo.InvariantCulture);
        string output = arguments.Get("output", Path.Combine(MachineInfo.RepositoryRoot, "bench", "results", "mamba-scan.md"));
        torch.set_num_threads(threads);

        var report = new StringBuilder();
        report.AppendLine("# Mamba: chunked selective scan against the sequential loop").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{MachineInfo.Command(["mamba-scan", .. args])}`");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}; TorchSharp threads {threads}; CPU, float32");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Load average at start (1/5/15 min): {MachineInfo.LoadAverage()}. The cores are shared with other work: compare rows of the same run, not runs.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Inputs: a = exp(-U(0, 1)), b ~ N(0, 1), (B, T, D, N) = ({batch}, T, {channels}, {states}); chunk ⌈√T⌉. Backward = forward + backward of sum(states · w). Median milliseconds of the repetitions that fit in {seconds:F0} s per cell.").AppendLine();
        report.AppendLine("Original loop = the original's loop (`x = deltaA[:, i] * x + deltaB_u[:, i]`: one select per step, whose backward allocates a full-size gradient per step, so its backward grows as T²). Unbind loop = `SelectiveScan.Sequential`, the same loop over `unbind(1)` slices (one gradient for all steps), what the networks run on the CPU. Chunked = `SelectiveScan.Chunked` (about 2√T dependent steps), what they run on CUDA.").AppendLine();
        report.AppendLine("| T | original loop forward ms | unbind loop forward ms | chunked forward ms | original loop fwd+bwd ms | unbind loop fwd+bwd ms | chunked fwd+bwd ms | original / unbind loop fwd+bwd | original / chunked fwd+bwd |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (int length in lengths)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(0);
            Tensor decay = (-rand([batch, length, channels, states], generator: generator)).exp();
            Tensor input = randn([batch, length, channels, states], generator: generator);
            Tensor weights = randn([batch, length, channels, states], generator: generator);
            double sequentialForward = Median(seconds, () => Forward(OriginalLoop, decay, input));
            double unbindForward = Median(seconds, () => Forward((a, b) => SelectiveScan.Sequential(a, b), decay, input));
            double chunkedForward = Median(seconds, () => Forward((a, b) => SelectiveScan.Chunked(a, b), decay, input));
            double sequentialBackward = Median(seconds, () => Backward(OriginalLoop, decay, input, weights));
            double unbindBackward = Median(seconds, () => Backward((a, b) => SelectiveScan.Sequential(a, b), decay, input, weights));
            double chunkedBackward = Median(seconds, () => Backward((a, b) => SelectiveScan.Chunked(a, b), decay, input, weights));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {length} | {sequentialForward:F1} | {unbindForward:F1} | {chunkedForward:F1} | {sequentialBackward:F1} | {unbindBackward:F1} | {chunkedBackward:F1} | {sequentialBackward / unbindBackward:F1}x | {sequentialBackward / chunkedBackward:F1}x |"));
            Console.WriteLine($"T {length}: forward {sequentialForward:F1} / {chunkedForward:F1} ms, forward+backward {sequentialBackward:F1} / {chunkedBackward:F1} ms");
        }
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Load average at the end (1/5/15 min): {MachineInfo.LoadAverage()}.");
        AtomicFile.WriteAllText(output, report.ToString());
        Console.WriteLine($"Results written to {output}");
        return 0;
    }

    // The original's loop: hₜ = aₜ hₜ₋₁ + bₜ with one select per step (deltaA[:, i] in the Python).
    private static Tensor OriginalLoop(Tensor decay, Tensor input)
    {
        using var scope = NewDisposeScope();
        long steps = decay.shape[1];
        var states = new Tensor[steps];
        Tensor h = input.select(1, 0);
        states[0] = h;
        for (long t = 1; t < steps; t++)
        {
            h = (decay.select(1, t) * h).add_(input.select(1, t), One);
            states[t] = h;
        }
        return stack(states, 1).MoveToOuterDisposeScope();
    }

    private static void Forward(Func<Tensor, Tensor, Tensor> scan, Tensor decay, Tensor input)
    {
        using var noGrad = no_grad();
        using Tensor states = scan(decay, input);
    }

    private static void Backward(Func<Tensor, Tensor, Tensor> scan, Tensor decay, Tensor input, Tensor weights)
    {
        using var scope = NewDisposeScope();
        Tensor a = decay.detach().requires_grad_();
        Tensor b = input.detach().requires_grad_();
        (scan(a, b) * weights).sum().backward();
    }

    // One warm-up, then repetitions until the time is spent (at least 1); the median in milliseconds.
    private static double Median(double seconds, Action run)
    {
        run();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 1 || total.Elapsed.TotalSeconds < seconds)
        {
            var clock = Stopwatch.StartNew();
            run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
