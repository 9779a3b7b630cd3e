using System.CommandLine;
using System.Diagnostics;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble create</c>: a new ensemble from member models and their sources; fits the mixing.</summary>
public static class EnsembleCreateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--output", "-o") { Description = "The manifest to write (must not exist).", DefaultValueFactory = _ => EnsembleCommand.DefaultManifest };
        var members = new Option<string[]>("--member") { Description = "NAME=MODEL.zip (repeatable): a member and its source name.", AllowMultipleArgumentsPerToken = false };
        var sources = new Option<string[]>("--source") { Description = "NAME=FILE (repeatable): the text member NAME was trained on (file, folder or glob; repeat for several)." };
        var modelsFolder = new Option<string?>("--models") { Description = "A folder of member zips (NAME.zip), e.g. what a Slurm plan wrote; pairs with --sources." };
        var sourcesFolder = new Option<string?>("--sources") { Description = "The folder of source texts (NAME.txt) the --models were trained on; sources without a finished model are named and left out." };
        var heldOut = new HeldOutOptions();
        var command = new Command("create", "Create an ensemble manifest from member models and their sources, and fit its mixing on their validation blocks.");
        foreach (Option option in new Option[] { output, members, sources, modelsFolder, sourcesFolder })
        {
            command.Options.Add(option);
        }
        heldOut.AddTo(command);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var specifications = new List<MemberSpecification>();
            specifications.AddRange(MemberArguments.Pair(parse.GetValue(members) ?? [], parse.GetValue(sources) ?? []));
            if (parse.GetValue(modelsFolder) is string models)
            {
                string folder = parse.GetValue(sourcesFolder) ?? throw new ArgumentException("--models needs --sources (the folder of the texts the models were trained on).");
                var (finished, unfinished) = MemberArguments.FromFolders(models, folder);
                if (unfinished.Count > 0)
                {
                    console.Error.WriteLine($"warning: no finished model for {unfinished.Count} source(s), left out: {string.Join(", ", unfinished)}");
                }
                specifications.AddRange(finished);
            }
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            var clock = Stopwatch.StartNew();
            EnsembleManifest manifest = EnsembleBuilder.Create(mlContext, parse.GetValue(output)!, specifications, heldOut.Read(parse));
            EnsembleTables.WriteMixing(console, manifest, clock.Elapsed);
            console.Line($"Wrote {parse.GetValue(output)} ({manifest.Members.Count} members).");
            return ExitCodes.Success;
        }));
        return command;
    }
}
