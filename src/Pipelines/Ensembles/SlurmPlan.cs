using System.Globalization;
using System.Text;
using LanguageInterpolation.Common.IO;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Writes a Slurm job-array script that trains one member per source: array task i runs the normal
/// <c>li train</c> on source i. Neural trainers checkpoint after every epoch into the shared output folder and a
/// task that finds its checkpoint passes <c>--resume</c>, so a requeued or preempted task continues where it
/// stopped; a task whose model exists exits at once. <c>li train</c> writes its model and checkpoints atomically
/// (temporary file, then rename), so the folder never holds a half-written model. LightGBM cannot checkpoint:
/// a requeued LightGBM task starts again. Layout: <c>models/NAME.zip</c>, <c>checkpoints/NAME.checkpoint</c>,
/// <c>logs/</c>, <c>sources.txt</c> and the script.
/// </summary>
public static class SlurmPlan
{
    /// <summary>The script's file name inside the output folder.</summary>
    public const string ScriptName = "train-members.sbatch";

    /// <summary>What to plan.</summary>
    /// <param name="Sources">The source files, one array task each (names are their file names without extension).</param>
    /// <param name="Trainer">Trainer or preset name (or a preset file).</param>
    /// <param name="OutputFolder">The shared output folder.</param>
    /// <param name="LiCommand">How a compute node runs <c>li</c> (e.g. <c>li</c> or <c>dotnet /opt/li/li.dll</c>).</param>
    /// <param name="TrainArguments">Further <c>li train</c> arguments, passed as they are (e.g. <c>--max-chars 4000</c>).</param>
    /// <param name="CpusPerTask">CPUs per array task.</param>
    /// <param name="TimeLimit">Slurm time limit per task (<c>HH:MM:SS</c>), or null for the partition's.</param>
    public sealed record Request(
        IReadOnlyList<string> Sources,
        string Trainer,
        string OutputFolder,
        string LiCommand,
        IReadOnlyList<string> TrainArguments,
        int CpusPerTask = 2,
        string? TimeLimit = null);

    /// <summary>Source files of a folder: its <c>*.txt</c> files in name order.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">No .txt file, or two with the same name.</exception>
    public static IReadOnlyList<string> SourcesOf(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Sources folder not found: {folder}");
        }
        var files = Directory.GetFiles(folder, "*.txt").Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToArray();
        return files.Length == 0 ? throw new InvalidDataException($"No .txt source in {folder}.") : files;
    }

    /// <summary>Writes the script, <c>sources.txt</c> and the folders; returns the script's path.</summary>
    public static string Write(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Sources.Count == 0)
        {
            throw new InvalidDataException("A plan needs at least one source.");
        }
        string? duplicate = request.Sources.GroupBy(Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Two sources have the name '{duplicate}'; member names come from file names and must be unique.");
        }
        string output = Path.GetFullPath(request.OutputFolder);
        foreach (string folder in new[] { "models", "checkpoints", "logs" })
        {
            Directory.CreateDirectory(Path.Combine(output, folder));
        }
        AtomicFile.WriteAllText(Path.Combine(output, "sources.txt"), string.Concat(request.Sources.Select(source => Path.GetFullPath(source) + "\n")));
        string script = Path.Combine(output, ScriptName);
        AtomicFile.WriteAllText(script, Script(request, output));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return script;
    }

    /// <summary>The member name of a source file: its file name without extension.</summary>
    public static string Name(string source) => Path.GetFileNameWithoutExtension(source);

    /// <summary>The script text.</summary>
    public static string Script(Request request, string output)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool canCheckpoint = !request.Trainer.Equals("lightgbm", StringComparison.OrdinalIgnoreCase);
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine("# Written by `li ensemble plan`: one array task per source, each the normal `li train`.");
        text.AppendLine("#SBATCH --job-name=li-ensemble");
        text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{request.Sources.Count - 1}");
        text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={request.CpusPerTask}");
        text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --output={output}/logs/%A_%a.out");
        text.AppendLine("#SBATCH --open-mode=append");
        text.AppendLine("#SBATCH --requeue");
        if (request.TimeLimit is string limit)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#SBATCH --time={limit}");
        }
        text.AppendLine("set -euo pipefail");
        text.AppendLine(CultureInfo.InvariantCulture, $"output={Quote(output)}");
        text.AppendLine("mapfile -t sources < \"$output/sources.txt\"");
        text.AppendLine("source=\"${sources[$SLURM_ARRAY_TASK_ID]}\"");
        text.AppendLine("name=\"$(basename \"${source%.*}\")\"");
        text.AppendLine("model=\"$output/models/$name.zip\"");
        text.AppendLine("checkpoint=\"$output/checkpoints/$name.checkpoint\"");
        text.AppendLine("echo \"task $SLURM_ARRAY_TASK_ID (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname): $source -> $model\"");
        text.AppendLine("if [ -f \"$model\" ]; then echo \"$model exists; nothing to do\"; exit 0; fi");
        text.AppendLine("resume=()");
        if (canCheckpoint)
        {
            text.AppendLine("if [ -f \"$checkpoint\" ]; then echo \"resuming from $checkpoint\"; resume=(--resume \"$checkpoint\"); fi");
        }
        text.Append(CultureInfo.InvariantCulture, $"{request.LiCommand} train --book \"$source\" --trainer {Quote(request.Trainer)} --output \"$model\"");
        if (canCheckpoint)
        {
            text.Append(" --checkpoint \"$checkpoint\" \"${resume[@]}\"");
        }
        foreach (string argument in request.TrainArguments)
        {
            text.Append(' ').Append(Quote(argument));
        }
        text.AppendLine();
        return text.ToString();
    }

    // Single quotes for bash, with embedded single quotes closed, escaped and reopened.
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
