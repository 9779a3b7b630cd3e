using System.Globalization;
using System.Text;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Common.IO;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>The comparison as text: a markdown table (with the samples below it) and a CSV table with every
/// measured figure. Numbers use the invariant culture.</summary>
public static class ComparisonReport
{
    /// <summary>The CSV columns, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "trainer", "parameters", "training_seconds", "epochs", "stop_reason", "samples_per_second", "peak_memory_mib",
        "train_accuracy", "train_top5_accuracy", "train_bits_per_character",
        "heldout_split", "heldout_rows", "heldout_accuracy", "heldout_top5_accuracy", "heldout_bits_per_character",
        "validation_bits_per_character", "inference_rows_per_second", "inference_meter", "sample",
    ];

    /// <summary>Writes the markdown and CSV tables and the charts into <paramref name="folder"/> (created if needed).</summary>
    public static ComparisonFiles Write(ComparisonResult result, string folder, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new ComparisonOptions();
        Directory.CreateDirectory(folder);
        var files = new ComparisonFiles(
            Path.Combine(folder, ComparisonDefaults.MarkdownFile),
            Path.Combine(folder, ComparisonDefaults.CsvFile),
            Path.Combine(folder, ComparisonDefaults.LearningCurvesFile),
            Path.Combine(folder, ComparisonDefaults.FinalFiguresFile));
        AtomicFile.WriteAllText(files.Markdown, ToMarkdown(result));
        AtomicFile.WriteAllText(files.Csv, ToCsv(result));
        ComparisonCharts.SaveLearningCurves(result, files.LearningCurves, options.ReferenceBitsPerCharacter, options.ReferenceLabel);
        ComparisonCharts.SaveFinalFigures(result, files.FinalFigures);
        return files;
    }

    /// <summary>The markdown report: what was compared, the table, and each model's sample.</summary>
    public static string ToMarkdown(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        string heldOut = result.Rows.Count > 0 ? result.Rows[0].HeldOutSplit : "validation";
        text.AppendLine(Invariant($"Windows of {result.Windows.WindowSize} characters ({result.Windows.Split}): {result.TrainingRows:N0} training, {result.ValidationRows:N0} validation, {result.TestRows:N0} test; held-out figures on the {heldOut} split. {Budget(result)}"));
        text.AppendLine();
        text.AppendLine("| trainer | parameters | training s | epochs | samples/s | peak MiB | train acc | held-out acc | held-out top-5 | held-out bits/char | inference rows/s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (ComparisonRow row in result.Rows)
        {
            text.AppendLine(Invariant(
                $"| {row.Name} | {Optional(row.Parameters, "N0")} | {row.TrainingTime.TotalSeconds:F1} | {Optional(row.Epochs, "D")} | {Optional(row.SamplesPerSecond, "N0")} | {Mib(row.PeakMemoryBytes):N0} | {row.Train.Accuracy:F4} | {row.HeldOut.Accuracy:F4} | {row.HeldOut.TopKAccuracy:F4} | {row.HeldOut.BitsPerCharacter:F3} | {row.Inference.RowsPerSecond:N0} |"));
        }
        text.AppendLine();
        text.AppendLine("Samples (generated from a fixed prompt and seed):");
        text.AppendLine();
        foreach (ComparisonRow row in result.Rows)
        {
            text.AppendLine($"- **{row.Name}**: " + (row.Sample is null ? "(no sample)" : "`" + row.Sample.ReplaceLineEndings(" ").Replace('`', '\'') + "`"));
        }
        return text.ToString();
    }

    /// <summary>The CSV table: a header of <see cref="CsvColumns"/> and one line per row (RFC 4180 quoting).</summary>
    public static string ToCsv(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', CsvColumns));
        foreach (ComparisonRow row in result.Rows)
        {
            LanguageModelMetrics? validation = row.Run.Metrics.GetValueOrDefault("validation");
            string?[] values =
            [
                row.Name, Number(row.Parameters), Number(row.TrainingTime.TotalSeconds), Number(row.Epochs), row.StopReason,
                Number(row.SamplesPerSecond), Number(Mib(row.PeakMemoryBytes)),
                Number(row.Train.Accuracy), Number(row.Train.TopKAccuracy), Number(row.Train.BitsPerCharacter),
                row.HeldOutSplit, Number(row.HeldOut.Rows), Number(row.HeldOut.Accuracy), Number(row.HeldOut.TopKAccuracy), Number(row.HeldOut.BitsPerCharacter),
                Number(validation?.BitsPerCharacter), Number(row.Inference.RowsPerSecond), row.Inference.Meter, row.Sample,
            ];
            text.AppendLine(string.Join(',', values.Select(Quote)));
        }
        return text.ToString();
    }

    private static string Budget(ComparisonResult result)
    {
        var parts = new List<string> { Invariant($"Seed {result.Settings.Seed}") };
        if (result.Settings.TimeBudget is TimeSpan budget)
        {
            parts.Add(Invariant($"time budget {budget.TotalSeconds:F0} s per network"));
        }
        if (result.Settings.MaxEpochs is int epochs)
        {
            parts.Add(Invariant($"at most {epochs} epochs"));
        }
        if (result.Settings.Iterations is int iterations)
        {
            parts.Add(Invariant($"{iterations} LightGBM iterations"));
        }
        if (result.Settings.Threads is int threads)
        {
            parts.Add(Invariant($"{threads} thread(s)"));
        }
        return string.Join(", ", parts) + ".";
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Optional<T>(T? value, string format) where T : struct, IFormattable =>
        value is T present ? present.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string? Number<T>(T? value) where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture);

    private static string? Number<T>(T value) where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Quote(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value
        : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
