using LanguageInterpolation.Transforms.Corpus;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>Where a command writes: a Spectre console for tables and progress, and an error writer.</summary>
public sealed class CliConsole
{
    /// <summary>Creates a console over the given writers (the real console, or string writers in tests).</summary>
    public CliConsole(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        Output = output;
        bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            Out.Profile.Width = 160;
        }
    }

    /// <summary>Tables, progress and results.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Plain stdout, for text that must reach it byte-exact (JSON), unwrapped by the console renderer.</summary>
    public TextWriter Output { get; }

    /// <summary>Error messages.</summary>
    public TextWriter Error { get; }

    /// <summary>Data-preparation progress as plain lines: silent for work that ends within two seconds.</summary>
    public IProgress<PreparationProgress> Preparation() => new PreparationReporter(Line, TimeSpan.FromSeconds(2));

    /// <summary>Writes a plain line through the renderer (which wraps at the console's width).</summary>
    public void Line(string text) => Out.WriteLine(text);

    /// <summary>Writes text that is the command's product (generated text) to standard output byte for byte,
    /// then a newline: never wrapped, trimmed or styled, as the renderer would when output is redirected.</summary>
    public void Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Output.Write(text);
        Output.Write('\n');
        Output.Flush();
    }
}
