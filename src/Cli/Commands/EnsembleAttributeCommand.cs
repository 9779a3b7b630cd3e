using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble attribute</c>: which source a passage resembles (posterior over members), as a table and a plot.</summary>
public static class EnsembleAttributeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var manifest = EnsembleCommand.ManifestOption();
        var text = new Option<string?>("--text") { Description = "The passage." };
        var file = new Option<string?>("--file") { Description = "Read the passage from this file." };
        var plot = new Option<string?>("--plot") { Description = "Also draw the posterior along the passage to this PNG." };
        var command = new Command("attribute", "Which source does a passage resemble: each member's bits per character and the posterior over members, as a table and a plot.");
        foreach (Option option in new Option[] { manifest, text, file, plot })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            string passage = (parse.GetValue(text), parse.GetValue(file)) switch
            {
                (string value, null) => value,
                (null, string passageFile) => CorpusReader.ReadText(passageFile),
                _ => throw new ArgumentException("Give the passage with exactly one of --text and --file."),
            };
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            LoadedEnsemble ensemble = LoadedEnsemble.Load(mlContext, parse.GetValue(manifest)!);
            Attribution attribution = SourceAttribution.Attribute(mlContext, ensemble, passage);
            var table = new Table().AddColumns("source", "bits/char", "posterior");
            foreach (int m in Enumerable.Range(0, attribution.Sources.Count).OrderByDescending(m => attribution.Posterior[m]))
            {
                table.AddRow(Markup.Escape(attribution.Sources[m]), EnsembleTables.F(attribution.BitsPerCharacter[m], "F3"), EnsembleTables.F(attribution.Posterior[m], "F4"));
            }
            console.Out.Write(table);
            console.Line($"{attribution.Characters} characters scored; most likely source: {attribution.MostLikelySource}");
            if (parse.GetValue(plot) is string path)
            {
                AttributionChart.Save(attribution, path);
                console.Line($"Wrote {path}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
