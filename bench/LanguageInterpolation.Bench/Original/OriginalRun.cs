using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LanguageInterpolation.Bench.Original;

/// <summary>
/// One training run of the original program: <c>shared/tools/ref_hol.py</c> builds the original's network from a
/// checkout of jloveric/high-order-layers-torch (nothing of it lives in this repository) and trains it with Lion,
/// reporting per-epoch seconds, accuracy over all windows and its peak resident memory in a JSON file.
/// </summary>
internal sealed record OriginalRun
{
    /// <summary>Training seconds of each epoch (evaluation excluded), epoch 1 first.</summary>
    public required IReadOnlyList<double> EpochSeconds { get; init; }

    /// <summary>Accuracy over all windows after each epoch, epoch 1 first (null where it was not evaluated).</summary>
    public required IReadOnlyList<double?> Accuracy { get; init; }

    /// <summary>Median samples per second of the timed epochs (2-4).</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Peak resident memory of the Python process, MiB.</summary>
    public required double PeakMebibytes { get; init; }

    /// <summary>Trainable parameters of the original's network.</summary>
    public required long Parameters { get; init; }

    /// <summary>Windows the original trains on.</summary>
    public required long Windows { get; init; }

    /// <summary>The PyTorch version the original ran on.</summary>
    public required string Torch { get; init; }

    /// <summary>Runs ref_hol.py and reads its result; throws with the script's last output lines when it fails.</summary>
    public static OriginalRun Execute(OriginalSettings settings, string preset, int batchSize, double learningRate, int seed)
    {
        string json = ChildResult.NewPath("original", preset, seed);
        var start = new ProcessStartInfo(settings.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in Arguments(settings, preset, batchSize, learningRate, seed, json))
        {
            start.ArgumentList.Add(argument);
        }
        var tail = new Queue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {settings.Python}.");
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 8)
                {
                    tail.Dequeue();
                }
            }
            if (line.StartsWith("{\"epoch\"", StringComparison.Ordinal))
            {
                Console.WriteLine($"  original {preset}: {line}");
            }
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return Parse(ChildResult.ReadAndDelete(json, process.ExitCode, $"The original ({settings.Script}) failed: {string.Join(" | ", tail)}"));
    }

    /// <summary>The ref_hol.py command line (also written into the report).</summary>
    public static IReadOnlyList<string> Arguments(OriginalSettings settings, string preset, int batchSize, double learningRate, int seed, string json) =>
    [
        settings.Script, settings.Checkout,
        "--config", preset,
        "--epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture),
        "--eval-at", string.Join(',', Enumerable.Range(1, settings.Epochs)),
        "--batch", batchSize.ToString(CultureInfo.InvariantCulture),
        "--lr", learningRate.ToString("R", CultureInfo.InvariantCulture),
        "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture),
        "--seed", seed.ToString(CultureInfo.InvariantCulture),
        "--time-limit-min", settings.TimeLimitMinutes.ToString(CultureInfo.InvariantCulture),
        "--book", settings.Book,
        "--json", json,
    ];

    /// <summary>Reads ref_hol.py's JSON result.</summary>
    public static OriginalRun Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var seconds = new List<double>();
        var accuracy = new List<double?>();
        foreach (JsonElement epoch in root.GetProperty("epoch_log").EnumerateArray())
        {
            seconds.Add(epoch.GetProperty("sec").GetDouble());
            accuracy.Add(epoch.TryGetProperty("train_acc", out JsonElement acc) ? acc.GetDouble() : null);
        }
        return new OriginalRun
        {
            EpochSeconds = seconds,
            Accuracy = accuracy,
            SamplesPerSecond = root.GetProperty("throughput_median") is { ValueKind: JsonValueKind.Number } median
                ? median.GetDouble()
                : root.GetProperty("epoch_log")[0].GetProperty("samples_per_s").GetDouble(),
            PeakMebibytes = root.GetProperty("peak_rss_mib").GetDouble(),
            Parameters = root.GetProperty("params").GetInt64(),
            Windows = root.GetProperty("windows").GetInt64(),
            Torch = root.GetProperty("torch").GetString() ?? "?",
        };
    }
}
