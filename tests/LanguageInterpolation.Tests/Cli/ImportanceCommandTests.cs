using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;
using static LanguageInterpolation.Tests.Cli.CliRun;

namespace LanguageInterpolation.Tests.Cli;

public class ImportanceCommandTests
{
    [Fact]
    public void Importance_SavedNetwork_PrintsEveryPositionAndDrawsTheChart()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");
        string chart = Path.Combine(folder, "importance.png");
        Run("train", "--trainer", "small", "--max-chars", "4000", "--window-size", "6", "--epochs", "2", "--threads", "1", "--output", model);

        var importance = Run("importance", "--model", model, "--max-chars", "4000", "--permutations", "1", "--rows", "300", "--plot", chart);

        Assert.Equal(ExitCodes.Success, importance.ExitCode);
        foreach (int offset in Enumerable.Range(-6, 6))
        {
            Assert.Contains($"position {offset}:", importance.Output, StringComparison.Ordinal);
        }
        Assert.Contains("held-out windows", importance.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(chart).Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(chart)[..4]);
    }

    [Fact]
    public void Importance_ZeroPermutations_FailsInOneLine()
    {
        var result = Run("importance", "--model", "absent.zip", "--permutations", "0");

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--permutations must be at least 1", result.Error, StringComparison.Ordinal);
    }
}
