using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public class OutputLocationTests
{
    [Fact]
    public void Train_OutputUnderAFile_FailsBeforeReadingTheCorpus()
    {
        string folder = TestData.NewScratchFolder();
        string blocker = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(blocker, "x");

        var result = CliRun.Run("train", "--trainer", "lightgbm", "--max-chars", "3000", "--iterations", "1", "--output", Path.Combine(blocker, "model.zip"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--output", result.Error, StringComparison.Ordinal);
        Assert.Contains("is a file, not a folder", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Corpus:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OutputIsAFolder_FailsBeforeTraining()
    {
        string folder = TestData.NewScratchFolder();

        var result = CliRun.Run("train", "--trainer", "lightgbm", "--max-chars", "3000", "--iterations", "1", "--output", folder);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"--output {folder} is a folder", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Training", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OutputDirIsAFile_FailsBeforeTraining()
    {
        string file = Path.Combine(TestData.NewScratchFolder(), "comparison");
        File.WriteAllText(file, "x");

        var result = CliRun.Run("compare", "--trainers", "lightgbm", "--max-chars", "3000", "--iterations", "1", "--output-dir", file);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"--output-dir {file} is a file", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Corpus:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_LogUnderAFile_FailsBeforeSearching()
    {
        string folder = TestData.NewScratchFolder();
        string blocker = Path.Combine(folder, "file");
        File.WriteAllText(blocker, "x");

        var result = CliRun.Run("search", "--space", Path.Combine(TestData.RepositoryRoot, "models", "search", "high_order_mlp.json"), "--max-chars", "3000",
            "--log", Path.Combine(blocker, "trials.jsonl"), "--output-dir", Path.Combine(folder, "out"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--log", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Corpus:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_OutputIsAFolder_FailsAndWritesNothing()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");
        File.WriteAllText(model, "not read");

        var result = CliRun.Run("export", "--model", model, "--output", folder + Path.DirectorySeparatorChar);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("is a folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireWritableFile_MissingFoldersUnderAWritableOne_Accepted()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "a", "b", "model.zip");

        OutputLocation.RequireWritableFile(path, "--output");

        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("NaN")]
    public void Train_NonPositiveTimeBudget_IsAnErrorForEveryTrainer(string budget)
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "model.zip");
        foreach (string trainer in new[] { "lightgbm", "small" })
        {
            var result = CliRun.Run("train", "--trainer", trainer, "--max-chars", "3000", "--time-budget", budget, "--output", model);

            Assert.Equal(ExitCodes.BadInput, result.ExitCode);
            Assert.Contains("--time-budget must be a positive number of seconds", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Training", result.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(model));
        }
    }
}
