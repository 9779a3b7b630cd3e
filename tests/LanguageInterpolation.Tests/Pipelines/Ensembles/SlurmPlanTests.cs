using System.Diagnostics;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class SlurmPlanTests
{
    [Fact]
    public void Write_OneArrayTaskPerSource_ResumesFromItsCheckpoint_ValidBash()
    {
        string folder = TestData.NewScratchFolder();
        string[] sources = [Path.Combine(folder, "b.txt"), Path.Combine(folder, "a b.txt")];
        string output = Path.Combine(folder, "out");

        string script = SlurmPlan.Write(new SlurmPlan.Request(sources, "small", output, "dotnet /opt/li/li.dll", ["--max-chars", "4000"]));

        string text = File.ReadAllText(script);
        Assert.Contains("#SBATCH --array=0-1", text, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --requeue", text, StringComparison.Ordinal);
        Assert.Contains("resume=(--resume \"$checkpoint\")", text, StringComparison.Ordinal);
        Assert.Contains("dotnet /opt/li/li.dll train --book \"$source\" --trainer 'small' --output \"$model\" --checkpoint \"$checkpoint\" \"${resume[@]}\" '--max-chars' '4000'", text, StringComparison.Ordinal);
        Assert.Equal(sources.Select(Path.GetFullPath), File.ReadAllLines(Path.Combine(output, "sources.txt")));
        Assert.True(Directory.Exists(Path.Combine(output, "models")));
        Assert.Equal(0, BashSyntaxCheck(script));
    }

    [Fact]
    public void Write_LightGbm_NoCheckpointFlags_DuplicateNames_Refused()
    {
        string folder = TestData.NewScratchFolder();

        string text = SlurmPlan.Script(new SlurmPlan.Request([Path.Combine(folder, "a.txt")], "lightgbm", folder, "li", []), folder);
        var error = Assert.Throws<InvalidDataException>(() =>
            SlurmPlan.Write(new SlurmPlan.Request([Path.Combine(folder, "x", "a.txt"), Path.Combine(folder, "y", "a.txt")], "small", folder, "li", [])));

        Assert.DoesNotContain("--checkpoint", text, StringComparison.Ordinal);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    private static int BashSyntaxCheck(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", script]) { RedirectStandardError = true })!;
        bash.WaitForExit();
        return bash.ExitCode;
    }
}
