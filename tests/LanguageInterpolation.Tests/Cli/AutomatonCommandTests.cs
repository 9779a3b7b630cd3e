using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public class AutomatonCommandTests
{
    [Fact]
    public void CenteredModel_RewritesTheTextStepByStep_AndGenerateRefersToAutomaton()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "centered.zip");
        var train = CliRun.Run("train", "--trainer", "small", "--window-kind", "centered", "--window-size", "8", "--max-chars", "3000", "--epochs", "1", "--threads", "1", "--output", model);

        var automaton = CliRun.Run("automaton", "--model", model, "--text", "The monster awakes", "--steps", "3");
        var generate = CliRun.Run("generate", "--model", model);

        Assert.Equal(ExitCodes.Success, train.ExitCode);
        Assert.Equal(ExitCodes.Success, automaton.ExitCode);
        string[] lines = automaton.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("step 0: The monster awakes", lines[0]);
        for (int step = 1; step <= 3; step++)
        {
            Assert.StartsWith($"step {step}: ", lines[step], StringComparison.Ordinal);
            Assert.Equal(lines[0].Length, lines[step].Length); // every position rewritten, none added or removed
        }
        Assert.Equal(ExitCodes.BadInput, generate.ExitCode);
        Assert.Contains("li automaton", generate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SequenceModelOrStepsZero_ExitWithBadInputAndOneLine()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "sequence.zip");
        CliRun.Run("train", "--max-chars", "3000", "--window-size", "8", "--iterations", "2", "--leaves", "4", "--threads", "1", "--output", model);

        var sequence = CliRun.Run("automaton", "--model", model, "--text", "abc");
        var zeroSteps = CliRun.Run("automaton", "--model", model, "--steps", "0");

        Assert.Equal(ExitCodes.BadInput, sequence.ExitCode);
        Assert.Contains("the automaton needs a centered model", sequence.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, zeroSteps.ExitCode);
        Assert.Contains("Steps must be at least 1 (got 0)", zeroSteps.Error, StringComparison.Ordinal);
    }
}
