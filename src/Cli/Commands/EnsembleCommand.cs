using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble</c>: ensembles of per-source models (create, add, remove, evaluate, generate, attribute, export, plan).</summary>
public static class EnsembleCommand
{
    /// <summary>The default manifest path.</summary>
    public const string DefaultManifest = "ensemble.json";

    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var command = new Command("ensemble", "Ensembles of per-source models: add or remove a source without retraining, attribution, Slurm plans (docs/ensembles.md).");
        command.Subcommands.Add(EnsembleCreateCommand.Create(console));
        command.Subcommands.Add(EnsembleAddCommand.Create(console));
        command.Subcommands.Add(EnsembleRemoveCommand.Create(console));
        command.Subcommands.Add(EnsembleEvaluateCommand.Create(console));
        command.Subcommands.Add(EnsembleGenerateCommand.Create(console));
        command.Subcommands.Add(EnsembleAttributeCommand.Create(console));
        command.Subcommands.Add(EnsembleExportCommand.Create(console));
        command.Subcommands.Add(EnsemblePlanCommand.Create(console));
        return command;
    }

    /// <summary>The <c>--manifest</c> option every subcommand but create and plan takes.</summary>
    public static Option<string> ManifestOption() =>
        new("--manifest") { Description = "The ensemble manifest (JSON).", DefaultValueFactory = _ => DefaultManifest };
}
