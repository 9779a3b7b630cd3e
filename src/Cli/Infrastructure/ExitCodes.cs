namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed (unknown option, bad value): sysexits' EX_USAGE, distinct
    /// from 1, which .NET gives to an unhandled exception.</summary>
    public const int Usage = 64;

    /// <summary>An input was bad: missing, empty or binary file, corrupt or foreign model, impossible option.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by the user (Ctrl-C); a checkpoint was written when training.</summary>
    public const int Interrupted = 130;
}
