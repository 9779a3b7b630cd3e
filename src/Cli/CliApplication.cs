using System.CommandLine;
using LanguageInterpolation.Cli.Commands;
using LanguageInterpolation.Cli.Infrastructure;

namespace LanguageInterpolation.Cli;

/// <summary>The <c>li</c> command line: train, evaluate, generate, corpus, export, compare, search, refine.</summary>
public static class CliApplication
{
    /// <summary>Parses and runs a command line, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = new CliConsole(output, error);
        var root = new RootCommand("LanguageInterpolation: character-level language models with high-order (piecewise-polynomial) networks and a LightGBM baseline, on ML.NET.")
        {
            TrainCommand.Create(console),
            EvaluateCommand.Create(console),
            GenerateCommand.Create(console),
            AutomatonCommand.Create(console),
            CorpusCommand.Create(console),
            ExportCommand.Create(console),
            CompareCommand.Create(console),
            SearchCommand.Create(console),
            ImportanceCommand.Create(console),
            PresetsCommand.Create(console),
            RefineCommand.Create(console),
            EnsembleCommand.Create(console),
        };
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return ParseErrors.Report(parse, error);
        }
        // Ctrl-C cancels the running command; give it time to finish its checkpoint before the process ends.
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromMinutes(2) });
    }
}
