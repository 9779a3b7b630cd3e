using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>Console tables of the ensemble commands.</summary>
public static class EnsembleTables
{
    /// <summary>The fitted mixing: each member's weight and validation bits per character, and the mixtures'.</summary>
    public static void WriteMixing(CliConsole console, EnsembleManifest manifest, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(manifest);
        MixingParameters mixing = manifest.Mixing;
        var table = new Table().AddColumns("member", "trainer", "window", "static weight", "validation bits/char");
        for (int m = 0; m < manifest.Members.Count; m++)
        {
            EnsembleMember member = manifest.Members[m];
            table.AddRow(Markup.Escape(member.Source), Markup.Escape(member.Trainer), member.WindowSize.ToString(CultureInfo.InvariantCulture),
                F(mixing.StaticWeights[m], "F4"), F(mixing.ValidationBitsPerCharacter["member:" + member.Source], "F3"));
        }
        table.AddRow("[bold]static mixture[/]", "", "", "", F(mixing.ValidationBitsPerCharacter["static"], "F3"));
        table.AddRow("[bold]switching mixture[/]", "", "", $"rate {F(mixing.SwitchingRate, "G3")}", F(mixing.ValidationBitsPerCharacter["switching"], "F3"));
        if (mixing.LogLinearWeights is { } beta && mixing.ValidationBitsPerCharacter.TryGetValue("log_linear", out double pooled))
        {
            table.AddRow("[bold]log-linear pooling[/]", "", "", "β " + string.Join(" ", beta.Select(value => F(value, "F3"))), F(pooled, "F3") + " (sampled)");
        }
        console.Out.Write(table);
        console.Line($"Mixing fitted on {mixing.ValidationCharacters:N0} validation characters in {F(elapsed.TotalSeconds, "F1")} s (no member retrained).");
    }

    /// <summary>Held-out bits per character, a row per source: each mixture and each member alone.</summary>
    public static Table Evaluation(IReadOnlyList<SourceEvaluation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var members = rows[0].MemberBitsPerCharacter.Keys.ToArray();
        bool reference = rows[0].ReferenceBitsPerCharacter is not null;
        bool pooling = rows[0].LogLinearBitsPerCharacter is not null;
        var table = new Table().AddColumns(["text", "characters", "static", "switching", .. (pooling ? new[] { "log-linear" } : []),
            .. (reference ? new[] { "reference" } : []), .. members.Select(member => "member " + Markup.Escape(member))]);
        foreach (SourceEvaluation row in rows)
        {
            table.AddRow([Markup.Escape(row.Source), row.Characters.ToString("N0", CultureInfo.InvariantCulture), F(row.StaticBitsPerCharacter, "F3"),
                F(row.SwitchingBitsPerCharacter, "F3"), .. (row.LogLinearBitsPerCharacter is double pooled ? new[] { F(pooled, "F3") } : []),
                .. (row.ReferenceBitsPerCharacter is double joint ? new[] { F(joint, "F3") } : []),
                .. members.Select(member => F(row.MemberBitsPerCharacter[member], "F3"))]);
        }
        return table;
    }

    /// <summary>A confusion table: true source per row, attributed source per column.</summary>
    public static Table Confusion(IReadOnlyList<string> sources, int[][] counts)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(counts);
        var table = new Table().AddColumns(["true \\ attributed", .. sources.Select(Markup.Escape), "accuracy"]);
        for (int truth = 0; truth < sources.Count; truth++)
        {
            int total = counts[truth].Sum();
            table.AddRow([Markup.Escape(sources[truth]), .. counts[truth].Select(count => count.ToString(CultureInfo.InvariantCulture)),
                total == 0 ? "-" : F((double)counts[truth][truth] / total, "P0")]);
        }
        return table;
    }

    /// <summary>Formats a number invariantly.</summary>
    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
