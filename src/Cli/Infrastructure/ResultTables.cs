using System.Globalization;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Evaluation;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>Tables of results for the console.</summary>
public static class ResultTables
{
    /// <summary>Writes a metrics table for one run.</summary>
    public static void WriteRun(CliConsole console, TrainingRunResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        console.Out.Write(MetricsTable(result.Metrics));
        var facts = new List<string>
        {
            $"training time {result.TrainingTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s",
            $"peak memory {(result.PeakMemoryBytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture)} MiB",
            $"training windows {result.TrainingRows:N0}",
        };
        if (result.Parameters is long parameters)
        {
            facts.Add($"parameters {parameters:N0}");
        }
        if (result.SamplesPerSecond is double speed)
        {
            facts.Add($"{speed.ToString("F0", CultureInfo.InvariantCulture)} samples/s");
        }
        console.Line(string.Join(", ", facts));
    }

    /// <summary>A table with one row per split.</summary>
    public static Table MetricsTable(IReadOnlyDictionary<string, LanguageModelMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var table = new Table().AddColumns("split", "windows", "accuracy", "top-5 accuracy", "log-loss (nats)", "bits/char");
        foreach (var (split, value) in metrics)
        {
            table.AddRow(
                split,
                value.Rows.ToString("N0", CultureInfo.InvariantCulture),
                value.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
                value.TopKAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                value.LogLoss.ToString("F4", CultureInfo.InvariantCulture),
                value.BitsPerCharacter.ToString("F3", CultureInfo.InvariantCulture));
        }
        return table;
    }
}
