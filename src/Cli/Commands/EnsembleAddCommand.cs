using System.CommandLine;
using System.Diagnostics;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble add</c>: add a member; only the mixing is refitted.</summary>
public static class EnsembleAddCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var manifest = EnsembleCommand.ManifestOption();
        var name = new Option<string>("--name") { Description = "The new member's source name (unique).", Required = true };
        var model = new Option<string>("--model", "-m") { Description = "The member's model zip (written by li train).", Required = true };
        var source = new Option<string[]>("--source") { Description = "The text the member was trained on (file, folder or glob; repeatable).", Required = true };
        var command = new Command("add", "Add a member to an ensemble; only the mixing parameters are refitted, no member is retrained.");
        foreach (Option option in new Option[] { manifest, name, model, source })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            var clock = Stopwatch.StartNew();
            EnsembleManifest result = EnsembleBuilder.Add(mlContext, parse.GetValue(manifest)!,
                new MemberSpecification(parse.GetValue(name)!, parse.GetValue(model)!, parse.GetValue(source)!));
            EnsembleTables.WriteMixing(console, result, clock.Elapsed);
            console.Line($"Added '{parse.GetValue(name)}' to {parse.GetValue(manifest)} in {EnsembleTables.F(clock.Elapsed.TotalSeconds, "F1")} s ({result.Members.Count} members).");
            return ExitCodes.Success;
        }));
        return command;
    }
}
