using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using LanguageInterpolation.Bench.Common;

namespace LanguageInterpolation.Bench.Inference;

/// <summary>What one benchmark run measured, and its Markdown report.</summary>
internal sealed record BenchmarkResult(
    BenchmarkSettings Settings,
    int Threads,
    long Parameters,
    int WindowSize,
    int Classes,
    long TrainingRows,
    double TrainingSeconds,
    string ExecutionProvider,
    IReadOnlyList<Measurement> Scoring,
    IReadOnlyList<Measurement> Generation)
{
    /// <summary>Target: the batched path scores at least this many times the rows of ML.NET's per-row Transform.</summary>
    public const double BatchedSpeedupTarget = 5;

    /// <summary>Target: greedy generation characters per second on the fastest path.</summary>
    public const double GenerationTarget = 4000;

    /// <summary>The report.</summary>
    public string ToMarkdown(string command)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine("# Inference speed");
        text.AppendLine();
        text.AppendLine(invariant, $"- Command: `{command}`");
        text.AppendLine(invariant, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        text.AppendLine(invariant, $"- Machine: {Environment.ProcessorCount} cores (nproc), {MachineInfo.CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        text.AppendLine(invariant, $"- Threads: TorchSharp {Threads}; ONNX Runtime as named per path; provider {ExecutionProvider}; load average {MachineInfo.LoadAverage()} at the end (on a shared machine rates move by tens of percent between runs: compare rows of one report)");
        text.AppendLine(invariant, $"- Model: {Settings.Preset}, {Parameters:N0} parameters, window {WindowSize}, {Classes} classes (ASCII); trained {Settings.Epochs} epoch(s) on {TrainingRows:N0} windows of the first {Settings.TrainChars:N0} characters of pg50133 in {TrainingSeconds:F1} s (speed does not depend on accuracy)");
        text.AppendLine();
        text.AppendLine("## Scoring (rows per second)");
        text.AppendLine();
        text.AppendLine(invariant, $"Best and median of {Settings.Rounds} turns of {Settings.Seconds} s; the paths of one library take their turns in rotation (TorchSharp first, then ONNX Runtime and ML.NET).");
        text.AppendLine();
        text.AppendLine("| path | batch | rows/s (best) | rows/s (median) |");
        text.AppendLine("|---|---|---|---|");
        foreach (Measurement measurement in Scoring)
        {
            text.AppendLine(invariant, $"| {measurement.Path} | {measurement.Batch} | {measurement.Best:N0} | {measurement.Median:N0} |");
        }
        text.AppendLine();
        text.AppendLine("## Greedy generation (characters per second)");
        text.AppendLine();
        text.AppendLine("| scorer | characters/s (best) | characters/s (median) |");
        text.AppendLine("|---|---|---|");
        foreach (Measurement measurement in Generation)
        {
            text.AppendLine(invariant, $"| {measurement.Path} | {measurement.Best:N0} | {measurement.Median:N0} |");
        }
        text.AppendLine();
        text.AppendLine("## Targets (2 cores, large_single_layer)");
        text.AppendLine();
        Measurement transform = Scoring.Single(measurement => measurement.Path.StartsWith("ML.NET Transform", StringComparison.Ordinal));
        Measurement batched = Scoring.Single(measurement => measurement.Path.StartsWith("Batched transformer", StringComparison.Ordinal));
        Measurement fastest = Generation.MaxBy(measurement => measurement.Best)!;
        double speedup = batched.Best / transform.Best;
        text.AppendLine(invariant, $"- Batched transformer vs ML.NET per-row Transform: {speedup:F1}x best to best, {batched.Median / transform.Median:F1}x median to median (target {BatchedSpeedupTarget}x): {(speedup >= BatchedSpeedupTarget ? "met" : "missed")}");
        text.AppendLine(invariant, $"- Greedy generation, fastest path ({fastest.Path}): {fastest.Best:N0} characters/s best, {fastest.Median:N0} median (target {GenerationTarget:N0}): {(fastest.Best >= GenerationTarget ? "met" : "missed")}");
        return text.ToString();
    }
}
