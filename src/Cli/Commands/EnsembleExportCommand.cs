using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble export</c>: the ensemble as one ONNX graph under the deployment contract.</summary>
public static class EnsembleExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var manifest = EnsembleCommand.ManifestOption();
        var output = new Option<string>("--output", "-o") { Description = "The ONNX file to write (its JSON description goes next to it).", DefaultValueFactory = _ => "ensemble.onnx" };
        var command = new Command("export", "Export the ensemble (static mixture) as one ONNX graph with the members embedded, under the contract of docs/onnx-contract.md.");
        command.Options.Add(manifest);
        command.Options.Add(output);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            LoadedEnsemble ensemble = LoadedEnsemble.Load(mlContext, parse.GetValue(manifest)!);
            OutputLocation.RequireWritableFile(parse.GetValue(output)!, "--output");
            EnsembleOnnxExporter.Export(ensemble, parse.GetValue(output)!);
            console.Line($"Wrote {parse.GetValue(output)} ({ensemble.Members.Count} members, window {ensemble.WindowSize}, vocabulary {ensemble.Vocabulary.Count}).");
            return ExitCodes.Success;
        }));
        return command;
    }
}
