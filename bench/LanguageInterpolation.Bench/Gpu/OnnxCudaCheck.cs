using LanguageInterpolation.Trainers.Presets;
using System.Diagnostics;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.Gpu;

/// <summary>
/// ONNX Runtime's CUDA provider on every preset's exported graph: the session is created with CPU fallback
/// forbidden (so it fails if any node lacks a CUDA kernel), its probabilities are compared with the CPU
/// provider's, and raw session rows per second are measured by batch size for large_single_layer.
/// </summary>
internal static class OnnxCudaCheck
{
    private const int TrainRows = 16384;
    private const string SpeedPreset = "large_single_layer";

    public static int Run(string output, bool dryRun)
    {
        var report = new GpuReport("GPU check: ONNX Runtime CUDA inference of exported networks", "li-bench gpu onnx --output " + output);
        set_num_threads(Environment.ProcessorCount);
        report.Line($"- Dry run (CPU stands in for CUDA): {dryRun}; ONNX Runtime {OrtEnv.Instance().GetVersionString()}, providers listed: {string.Join(", ", OrtEnv.Instance().GetAvailableProviders())}");
        CharacterWindows windows = GpuReport.DunwichWindows();
        long[] ids = WindowIds(windows, 16384);
        using TrainingData all = TrainingData.FromWindows(windows);
        using TrainingData train = new(all.Contexts.narrow(0, 0, TrainRows).clone(), all.Labels.narrow(0, 0, TrainRows).clone());

        report.Line($"");
        report.Line($"## Every preset on CUDA (CPU fallback disabled), against the CPU provider");
        report.Line($"");
        report.Line($"Each preset trained 1 epoch on the first {TrainRows:N0} windows (CPU), exported with character ids as input; 1,024 real windows scored by both providers.");
        report.Line($"");
        report.Line($"| preset | CUDA session (no CPU fallback) | max abs probability diff | same argmax |");
        report.Line($"|---|---|---|---|");
        byte[]? speedModel = null;
        foreach (string name in NetworkPresets.Names)
        {
            NetworkPreset preset = NetworkPresets.Load(name);
            using var generator = new Generator(0);
            using LanguageNetwork network = preset.Network.WithShape(16, 128).Build(generator);
            new TrainingLoop(network, preset.Training with { MaxEpochs = 1, Threads = Environment.ProcessorCount, EarlyStoppingPatience = 0 }).Run(train);
            byte[] bytes = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, windows.Vocabulary));
            if (name == SpeedPreset)
            {
                speedModel = bytes;
            }
            using InferenceSession cpu = CpuSession(bytes);
            InferenceSession? cuda;
            string status;
            try
            {
                cuda = dryRun ? CpuSession(bytes) : StrictCudaSession(bytes);
                status = "created";
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                cuda = null;
                status = "failed: " + error.Message.ReplaceLineEndings(" ");
            }
            using (cuda)
            {
                if (cuda is null)
                {
                    report.Line($"| {name} | {status} | - | - |");
                    continue;
                }
                float[] expected = Score(cpu, ids, 1024);
                float[] actual = Score(cuda, ids, 1024);
                double diff = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
                int sameArgmax = Enumerable.Range(0, 1024).Count(row => ArgMax(expected, row) == ArgMax(actual, row));
                report.Line($"| {name} | {status} | {diff:E1} | {sameArgmax} / 1024 |");
            }
        }

        report.Line($"");
        report.Line($"## Raw InferenceSession rows per second, {SpeedPreset} (1 s of calls after 3 warm-up calls)");
        report.Line($"");
        report.Line($"| batch | CUDA rows/s | CPU rows/s ({Environment.ProcessorCount} cores, ORT default threads) | max abs probability diff |");
        report.Line($"|---|---|---|---|");
        InferenceSession speedCuda;
        try
        {
            speedCuda = dryRun ? CpuSession(speedModel!) : StrictCudaSession(speedModel!);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            report.Line($"Not measured: no CUDA session ({error.Message.ReplaceLineEndings(" ")}).");
            report.Save(output);
            return 1;
        }
        using var ownedCuda = speedCuda;
        using InferenceSession speedCpu = CpuSession(speedModel!);
        foreach (int batch in new[] { 1, 1024, 16384 })
        {
            double diff = Score(speedCpu, ids, batch).Zip(Score(speedCuda, ids, batch), (e, a) => Math.Abs((double)e - a)).Max();
            report.Line($"| {batch:N0} | {RowsPerSecond(speedCuda, ids, batch):N0} | {RowsPerSecond(speedCpu, ids, batch):N0} | {diff:E1} |");
        }
        report.Save(output);
        return 0;
    }

    private static InferenceSession StrictCudaSession(byte[] model)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        options.AppendExecutionProvider_CUDA(0);
        options.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");
        return new InferenceSession(model, options);
    }

    private static InferenceSession CpuSession(byte[] model)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return new InferenceSession(model, options);
    }

    /// <summary>Probabilities (rows x V) of the first <paramref name="rows"/> windows.</summary>
    private static float[] Score(InferenceSession session, long[] ids, int rows)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, rows * 16), [rows, 16]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [OnnxNames.CharacterIds], [input], [OnnxNames.Score]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static double RowsPerSecond(InferenceSession session, long[] ids, int rows)
    {
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            Score(session, ids, rows);
        }
        int calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1)
        {
            Score(session, ids, rows);
            calls++;
        }
        return (double)calls * rows / clock.Elapsed.TotalSeconds;
    }

    private static int ArgMax(float[] scores, int row)
    {
        ReadOnlySpan<float> values = scores.AsSpan(row * 128, 128);
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static long[] WindowIds(CharacterWindows windows, int rows)
    {
        var ids = new long[rows * windows.WindowSize];
        var context = new int[windows.WindowSize];
        for (int row = 0; row < rows; row++)
        {
            windows.GetWindow(row, context);
            for (int i = 0; i < context.Length; i++)
            {
                ids[row * windows.WindowSize + i] = context[i];
            }
        }
        return ids;
    }
}
