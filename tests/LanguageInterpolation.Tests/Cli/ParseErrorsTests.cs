using LanguageInterpolation.Cli.Infrastructure;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class ParseErrorsTests
{
    [Fact]
    public void Train_UnknownOption_PrintsOneLineAndAHintWithTheUsageCode()
    {
        var (code, output, error) = CliRun.Run("train", "--bogus");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(64, code); // sysexits' EX_USAGE: distinct from BadInput (2) and from an unhandled exception (1)
        Assert.Equal(
            ["error: Unrecognized command or argument '--bogus'.", "Run 'li train --help' for the options."],
            error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(output); // no help page
    }

    [Fact]
    public void PresetsShow_MissingArgument_HintNamesTheSubcommand()
    {
        var (code, _, error) = CliRun.Run("presets", "show");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Run 'li presets show --help' for the options.", error, StringComparison.Ordinal);
        Assert.Equal(2, error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
