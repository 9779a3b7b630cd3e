using LanguageInterpolation.Cli.Infrastructure;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class CommandRunnerTests
{
    [Fact]
    public void UserMessage_ArgumentExceptionWithParameterName_DropsTheParameterSuffix()
    {
        var error = new ArgumentException("Unknown trainer 'x'.", "trainer");

        Assert.Equal("Unknown trainer 'x'. (Parameter 'trainer')", error.Message); // what .NET appends
        Assert.Equal("Unknown trainer 'x'.", CommandRunner.UserMessage(error));
    }

    [Fact]
    public void Train_UnknownTrainer_MessageHasNoParameterSuffix()
    {
        var (code, _, error) = CliRun.Run("train", "--trainer", "warp_drive", "--max-chars", "2000");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Unknown trainer 'warp_drive'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }
}
