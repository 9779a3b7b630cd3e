using System.CommandLine;
using System.Text;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble evaluate</c>: held-out bits per character of each mixture and each member, and attribution accuracy.</summary>
public static class EnsembleEvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var manifest = EnsembleCommand.ManifestOption();
        var books = new Option<string[]>("--book", "-b") { Description = "Measure on these texts instead (each file read whole, one row each); default: every source's test block." };
        var attributionLengths = new Option<int[]>("--attribution-lengths") { Description = "Also measure attribution accuracy on test passages of these lengths (e.g. 200 1000).", AllowMultipleArgumentsPerToken = true };
        var passages = new Option<int>("--passages") { Description = "At most this many attribution passages per source and length.", DefaultValueFactory = _ => 20 };
        var report = new Option<string?>("--report") { Description = "Also write the tables as Markdown to this file." };
        var reference = new Option<string?>("--reference") { Description = "Also score this model zip on the same characters (e.g. one model trained on every source together)." };
        var throughput = new Option<bool>("--throughput") { Description = "Also measure scoring rows/s of the ensemble and of each member alone (first source's test block)." };
        var command = new Command("evaluate", "Held-out bits per character on every source's test block (or on --book texts): the static and switching mixtures and every member alone.");
        foreach (Option option in new Option[] { manifest, books, attributionLengths, passages, report, reference, throughput })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            LoadedEnsemble ensemble = LoadedEnsemble.Load(mlContext, parse.GetValue(manifest)!);
            string[] texts = parse.GetValue(books) ?? [];
            LoadedMember? referenceModel = parse.GetValue(reference) is string referencePath ? LoadReference(mlContext, referencePath) : null;
            IReadOnlyList<SourceEvaluation> rows = texts.Length == 0
                ? EnsembleEvaluator.EvaluateSources(mlContext, ensemble, HeldOutBlock.Test, referenceModel)
                : texts.Select(file => EnsembleEvaluator.Evaluate(mlContext, ensemble, file, [CorpusReader.ReadDocument(file).Text], referenceModel)).ToArray();
            console.Line($"Ensemble {parse.GetValue(manifest)}: {ensemble.Members.Count} members, held-out bits per character:");
            console.Out.Write(EnsembleTables.Evaluation(rows));
            var markdown = new StringBuilder().AppendLine(EnsembleReport.EvaluationTable(rows));
            var sources = ensemble.Members.Select(member => member.Member.Source).ToArray();
            foreach (int length in parse.GetValue(attributionLengths) ?? [])
            {
                int[][] counts = SourceAttribution.Confusion(mlContext, ensemble, length, parse.GetValue(passages));
                console.Line($"Attribution of {length}-character test passages:");
                console.Out.Write(EnsembleTables.Confusion(sources, counts));
                markdown.AppendLine($"Attribution of {length}-character test passages:").AppendLine().AppendLine(EnsembleReport.ConfusionTable(sources, counts));
            }
            if (parse.GetValue(throughput))
            {
                string passage = SourceText.Passages(ensemble.Members[0], ensemble.ManifestPath, ensemble.HeldOut, HeldOutBlock.Test, ensemble.WindowSize)[0];
                var (whole, members) = EnsembleThroughput.Measure(mlContext, ensemble, passage);
                string line = $"Scoring throughput on {passage.Length:N0} characters: ensemble {EnsembleTables.F(whole, "F0")} rows/s; members alone: "
                    + string.Join(", ", members.Select((speed, m) => $"{ensemble.Members[m].Member.Source} {EnsembleTables.F(speed, "F0")}")) + " rows/s.";
                console.Line(line);
                markdown.AppendLine(line).AppendLine();
            }
            if (parse.GetValue(report) is string path)
            {
                AtomicFile.WriteAllText(path, markdown.ToString());
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static LoadedMember LoadReference(MLContext mlContext, string path)
    {
        var model = LoadedMember.LoadModel(mlContext, "reference", path);
        return new LoadedMember(new EnsembleMember("reference", path, [], model.Card.Trainer, model.Card.WindowSize, LoadedMember.Sha256(path)), model, Path.GetFullPath(path));
    }
}
