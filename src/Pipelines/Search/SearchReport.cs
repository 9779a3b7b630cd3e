using LanguageInterpolation.Trainers.Presets;
using System.Globalization;
using System.Text;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Common.IO;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>The search as files: the best preset, a markdown table of the trials and a PNG chart.</summary>
public static class SearchReport
{
    /// <summary>Writes the best preset (when a job finished), the markdown table and the chart into
    /// <paramref name="folder"/> (created if needed).</summary>
    public static SearchFiles Write(SearchResult result, string folder, string? plotParameter = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        string? presetPath = null;
        if (result.BestPreset is NetworkPreset best)
        {
            presetPath = Path.Combine(folder, SearchDefaults.BestPresetFile);
            NetworkPresets.Save(best, presetPath);
        }
        var files = new SearchFiles(presetPath, Path.Combine(folder, SearchDefaults.MarkdownFile), Path.Combine(folder, SearchDefaults.ChartFile));
        AtomicFile.WriteAllText(files.Markdown, ToMarkdown(result));
        SearchCharts.Save(result, files.Chart, plotParameter);
        return files;
    }

    /// <summary>One row per trial at the highest rung it reached, best first (highest rung, then lowest
    /// validation bits per character), with the trial's values.</summary>
    public static string ToMarkdown(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string unit = result.RungUnit.ToString().ToLowerInvariant();
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Search over preset {result.BasePreset.Name}: {result.Records.Select(record => record.Trial).Distinct().Count()} trials, {result.Records.Count} jobs ({result.JobsReplayed} read back from the log); rungs of {string.Join(", ", result.Rungs.Select(rung => rung.ToString("G4", CultureInfo.InvariantCulture)))} {unit}{(result.OutOfTime ? "; stopped by the time budget" : string.Empty)}. Objective: validation bits per character."));
        text.AppendLine();
        string[] paths = [.. result.Space.Parameters.Select(parameter => parameter.Path)];
        text.AppendLine("| trial | rung | epochs | train s | validation bits/char | validation acc | " + string.Join(" | ", paths) + " |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|" + string.Concat(paths.Select(_ => "---|")));
        IEnumerable<TrialRecord> rows = result.Records
            .GroupBy(record => record.Trial)
            .Select(group => group.MaxBy(record => record.Rung)!)
            .OrderByDescending(record => record.Rung)
            .ThenBy(record => double.IsNaN(record.Objective) ? double.PositiveInfinity : record.Objective)
            .ThenBy(record => record.Trial);
        foreach (TrialRecord record in rows)
        {
            string values = string.Join(" | ", paths.Select(path => SearchParameter.Describe(record.Parameters.GetValueOrDefault(path))));
            string accuracy = record.ValidationAccuracy is double value ? value.ToString("F4", CultureInfo.InvariantCulture) : "-";
            text.AppendLine(Invariant($"| {record.Trial} | {record.Rung} | {record.Epochs} | {record.TrainSeconds:F1} | {record.Objective:F4} | {accuracy} | {values} |"));
        }
        if (result.Best is TrialRecord best)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Best: trial {best.Trial} at rung {best.Rung}, {best.Objective:F4} validation bits per character."));
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
