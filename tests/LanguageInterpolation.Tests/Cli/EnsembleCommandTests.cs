using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Pipelines.Ensembles;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class EnsembleCommandTests
{
    [Fact]
    public void CreateEvaluateAttributeGenerateAddRemove_ThroughTheCommandLine()
    {
        string folder = TestData.NewScratchFolder();
        string manifest = Path.Combine(folder, "ensemble.json");
        string report = Path.Combine(folder, "report.md");

        var create = CliRun.Run("ensemble", "create", "--output", manifest, "--max-chars", "6000",
            "--member", "dunwich=" + TinyMembers.Model("dunwich"), "--source", "dunwich=" + TinyMembers.Book("dunwich"),
            "--member", "alice=" + TinyMembers.Model("alice"), "--source", "alice=" + TinyMembers.Book("alice"));
        var evaluate = CliRun.Run("ensemble", "evaluate", "--manifest", manifest, "--attribution-lengths", "100", "--passages", "2", "--report", report,
            "--reference", TinyMembers.Model("dunwich"), "--throughput");
        var attribute = CliRun.Run("ensemble", "attribute", "--manifest", manifest, "--text", "Alice was beginning to get very tired of sitting by her sister", "--plot", Path.Combine(folder, "a.png"));
        var generate = CliRun.Run("ensemble", "generate", "--manifest", manifest, "--prompt", "The ", "--length", "20");
        var add = CliRun.Run("ensemble", "add", "--manifest", manifest, "--name", "verwandlung", "--model", TinyMembers.Model("verwandlung"), "--source", TinyMembers.Book("verwandlung"));
        var remove = CliRun.Run("ensemble", "remove", "--manifest", manifest, "--name", "dunwich");

        Assert.True(create.ExitCode == ExitCodes.Success, create.Error);
        Assert.True(evaluate.ExitCode == ExitCodes.Success, evaluate.Error);
        Assert.Contains("| dunwich |", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("passages attributed to their source", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("| reference |", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("rows/s", evaluate.Output, StringComparison.Ordinal);
        Assert.True(attribute.ExitCode == ExitCodes.Success, attribute.Error);
        Assert.Contains("most likely source:", attribute.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "a.png")));
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        Assert.StartsWith("The ", generate.Output, StringComparison.Ordinal);
        Assert.True(add.ExitCode == ExitCodes.Success, add.Error);
        Assert.True(remove.ExitCode == ExitCodes.Success, remove.Error);
        Assert.Contains("2 members left", remove.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_ExitCode2_OneLine_ManifestUnchanged()
    {
        string folder = TestData.NewScratchFolder();
        string manifest = Path.Combine(folder, "ensemble.json");
        var create = CliRun.Run("ensemble", "create", "--output", manifest, "--max-chars", "6000",
            "--member", "dunwich=" + TinyMembers.Model("dunwich"), "--source", "dunwich=" + TinyMembers.Book("dunwich"));
        Assert.True(create.ExitCode == ExitCodes.Success, create.Error);
        string before = File.ReadAllText(manifest);

        var runs = new[]
        {
            CliRun.Run("ensemble", "remove", "--manifest", manifest, "--name", "dunwich"),
            CliRun.Run("ensemble", "add", "--manifest", manifest, "--name", "dunwich", "--model", TinyMembers.Model("alice"), "--source", TinyMembers.Book("alice")),
            CliRun.Run("ensemble", "add", "--manifest", manifest, "--name", "x", "--model", Path.Combine(folder, "missing.zip"), "--source", TinyMembers.Book("alice")),
            CliRun.Run("ensemble", "evaluate", "--manifest", Path.Combine(folder, "missing.json")),
            CliRun.Run("ensemble", "create", "--output", Path.Combine(folder, "other.json"), "--member", "a=" + TinyMembers.Model("alice")),
        };

        Assert.All(runs, run => Assert.Equal(ExitCodes.BadInput, run.ExitCode));
        Assert.All(runs, run => Assert.Single(run.Error.Trim().Split('\n')));
        Assert.Equal(before, File.ReadAllText(manifest));
    }

    [Fact]
    public void Plan_WritesTheScriptAndNamesTheNextCommands()
    {
        string folder = TestData.NewScratchFolder();
        string sources = Path.Combine(folder, "sources");
        Directory.CreateDirectory(sources);
        File.WriteAllText(Path.Combine(sources, "one.txt"), "text");
        File.WriteAllText(Path.Combine(sources, "two.txt"), "text");

        var plan = CliRun.Run("ensemble", "plan", "--sources", sources, "--trainer", "small", "--output-dir", Path.Combine(folder, "out"), "--scheduler", "slurm", "--train-arg=--epochs", "--train-arg=2");
        var other = CliRun.Run("ensemble", "plan", "--sources", sources, "--output-dir", Path.Combine(folder, "out"), "--scheduler", "pbs");

        Assert.True(plan.ExitCode == ExitCodes.Success, plan.Error);
        Assert.Contains("2 array task(s)", plan.Output, StringComparison.Ordinal);
        Assert.Contains("'--epochs' '2'", File.ReadAllText(Path.Combine(folder, "out", "train-members.sbatch")), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, other.ExitCode);
        Assert.Contains("only slurm", other.Error, StringComparison.Ordinal);
    }
}
