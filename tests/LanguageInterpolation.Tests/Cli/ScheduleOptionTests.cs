using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

/// <summary>A schedule that needs the run's time budget takes it from the command line (the preset may not have
/// one) and says so in one line when there is none.</summary>
public sealed class ScheduleOptionTests
{
    [Fact]
    public void Train_BudgetCosineWithoutTimeBudget_OneLineErrorBeforeTraining()
    {
        var result = CliRun.Run("train", "--trainer", "relu_mlp", "--max-chars", "2000", "--set", "schedule.kind=BudgetCosine", "--output", Path.Combine(TestData.NewScratchFolder(), "m.zip"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("the BudgetCosine schedule anneals over the run's TimeBudget: give one (--time-budget SECONDS)", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Train_BudgetCosineWithTimeBudget_Trains()
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "m.zip");

        var result = CliRun.Run("train", "--trainer", "relu_mlp", "--max-chars", "2000", "--epochs", "2", "--threads", "1", "--time-budget", "30",
            "--set", "schedule.kind=BudgetCosine", "--set", "network.hidden_width=8", "--output", model);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.True(File.Exists(model));
    }
}
