using LanguageInterpolation.Cli;

namespace LanguageInterpolation.Tests.Cli;

/// <summary>Runs the command line in-process and captures what it writes.</summary>
public static class CliRun
{
    /// <summary>Runs <paramref name="args"/>; returns the exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CliApplication.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
