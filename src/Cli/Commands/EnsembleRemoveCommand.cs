using System.CommandLine;
using System.Diagnostics;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble remove</c>: remove a member; only the mixing is refitted.</summary>
public static class EnsembleRemoveCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var manifest = EnsembleCommand.ManifestOption();
        var name = new Option<string>("--name") { Description = "The source name of the member to remove.", Required = true };
        var command = new Command("remove", "Remove a member from an ensemble (its model file is left alone); only the mixing parameters are refitted.");
        command.Options.Add(manifest);
        command.Options.Add(name);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            var clock = Stopwatch.StartNew();
            EnsembleManifest result = EnsembleBuilder.Remove(mlContext, parse.GetValue(manifest)!, parse.GetValue(name)!);
            EnsembleTables.WriteMixing(console, result, clock.Elapsed);
            console.Line($"Removed '{parse.GetValue(name)}' from {parse.GetValue(manifest)} ({result.Members.Count} members left).");
            return ExitCodes.Success;
        }));
        return command;
    }
}
