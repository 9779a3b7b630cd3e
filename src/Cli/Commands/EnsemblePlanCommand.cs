using System.CommandLine;
using System.Reflection;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble plan</c>: a Slurm job-array script that trains one member per source.</summary>
public static class EnsemblePlanCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var sources = new Option<string>("--sources") { Description = "Folder of source texts (*.txt): one member, one array task each.", Required = true };
        var trainer = new Option<string>("--trainer", "-t") { Description = "Trainer or preset name (or preset file) of every member.", DefaultValueFactory = _ => TrainCommand.DefaultTrainer };
        var output = new Option<string>("--output-dir") { Description = "The shared output folder (models/, checkpoints/, logs/, the script).", Required = true };
        var scheduler = new Option<string>("--scheduler") { Description = "The scheduler: slurm.", DefaultValueFactory = _ => "slurm" };
        var liCommand = new Option<string?>("--li-command") { Description = "How compute nodes run li (default: this li, e.g. 'dotnet /path/li.dll')." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per array task.", DefaultValueFactory = _ => 2 };
        var time = new Option<string?>("--time") { Description = "Slurm time limit per task (HH:MM:SS)." };
        var trainArguments = new Option<string[]>("--train-arg") { Description = "A further li train argument, passed as it is (repeatable, one token each: --train-arg=--max-chars --train-arg=4000)." };
        var command = new Command("plan", "Write a Slurm job-array script that trains one member per source with li train (checkpoints and --resume, so a requeued task continues).");
        foreach (Option option in new Option[] { sources, trainer, output, scheduler, liCommand, cpus, time, trainArguments })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            if (!string.Equals(parse.GetValue(scheduler), "slurm", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--scheduler {parse.GetValue(scheduler)}: only slurm is supported (docs/kubernetes-indexed-job.yaml shows the Kubernetes equivalent).");
            }
            var files = SlurmPlan.SourcesOf(parse.GetValue(sources)!);
            string script = SlurmPlan.Write(new SlurmPlan.Request(files, parse.GetValue(trainer)!, parse.GetValue(output)!,
                parse.GetValue(liCommand) ?? ThisLi(), parse.GetValue(trainArguments) ?? [], parse.GetValue(cpus), parse.GetValue(time)));
            console.Line($"Wrote {script}: {files.Count} array task(s). Submit with: sbatch {script}");
            console.Line($"Then: li ensemble create --models {Path.Combine(parse.GetValue(output)!, "models")} --sources {parse.GetValue(sources)} --output {Path.Combine(parse.GetValue(output)!, "ensemble.json")}");
            return ExitCodes.Success;
        }));
        return command;
    }

    // The running li: its apphost, or `dotnet li.dll` when started through dotnet.
    private static string ThisLi()
    {
        string process = Environment.ProcessPath ?? "li";
        string entry = Assembly.GetEntryAssembly()?.Location ?? "li.dll";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? $"dotnet {entry}" : process;
    }
}
