using System.CommandLine;
using System.CommandLine.Parsing;

namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>Reports a command line that does not parse as one line and a hint, instead of the whole help page.</summary>
public static class ParseErrors
{
    /// <summary>Writes the parse errors of <paramref name="parse"/> on one line, then where to find the options; returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Report(ParseResult parse, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine("error: " + string.Join(" ", parse.Errors.Select(problem => problem.Message).Distinct()));
        error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for the options.");
        return ExitCodes.Usage;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = command; result is CommandResult current; result = current.Parent)
        {
            names.Push(current.Parent is null ? "li" : current.Command.Name);
        }
        return string.Join(' ', names);
    }
}
