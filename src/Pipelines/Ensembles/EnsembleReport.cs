using System.Globalization;
using System.Text;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Markdown tables of an ensemble's evaluation and attribution confusion, for result files.</summary>
public static class EnsembleReport
{
    /// <summary>Held-out bits per character, a row per text; the best figure of each row in bold.</summary>
    public static string EvaluationTable(IReadOnlyList<SourceEvaluation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var members = rows[0].MemberBitsPerCharacter.Keys.ToArray();
        bool reference = rows[0].ReferenceBitsPerCharacter is not null;
        bool pooling = rows[0].LogLinearBitsPerCharacter is not null;
        var text = new StringBuilder();
        text.AppendLine($"| text | characters | static | switching | {(pooling ? "log-linear | " : "")}{(reference ? "reference | " : "")}{string.Join(" | ", members.Select(member => "member " + member))} |");
        text.AppendLine($"|---|---:|---:|---:|{(pooling ? "---:|" : "")}{(reference ? "---:|" : "")}{string.Concat(members.Select(_ => "---:|"))}");
        foreach (SourceEvaluation row in rows)
        {
            double[] figures = [row.StaticBitsPerCharacter, row.SwitchingBitsPerCharacter, .. (row.LogLinearBitsPerCharacter is double pooled ? new[] { pooled } : []),
                .. (row.ReferenceBitsPerCharacter is double joint ? new[] { joint } : []),
                .. members.Select(member => row.MemberBitsPerCharacter[member])];
            double best = figures.Min();
            text.AppendLine($"| {row.Source} | {row.Characters.ToString(CultureInfo.InvariantCulture)} | {string.Join(" | ", figures.Select(figure => Bold(figure, best)))} |");
        }
        return text.ToString();
    }

    /// <summary>A confusion table of attribution: true source per row, attributed per column, and the accuracy.</summary>
    public static string ConfusionTable(IReadOnlyList<string> sources, int[][] counts)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(counts);
        var text = new StringBuilder();
        text.AppendLine($"| true \\ attributed | {string.Join(" | ", sources)} | accuracy |");
        text.AppendLine($"|---|{string.Concat(sources.Select(_ => "---:|"))}---:|");
        for (int truth = 0; truth < sources.Count; truth++)
        {
            int total = counts[truth].Sum();
            string accuracy = total == 0 ? "-" : ((double)counts[truth][truth] / total).ToString("P0", CultureInfo.InvariantCulture);
            text.AppendLine($"| {sources[truth]} | {string.Join(" | ", counts[truth])} | {accuracy} |");
        }
        int correct = Enumerable.Range(0, sources.Count).Sum(i => counts[i][i]);
        int all = counts.Sum(row => row.Sum());
        text.AppendLine();
        text.AppendLine($"Overall: {correct} / {all} passages attributed to their source.");
        return text.ToString();
    }

    private static string Bold(double figure, double best)
    {
        string value = figure.ToString("F3", CultureInfo.InvariantCulture);
        return figure == best ? $"**{value}**" : value;
    }
}
