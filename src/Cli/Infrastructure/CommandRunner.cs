using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>Runs a command body and turns bad input into a clear message and a non-zero exit code.</summary>
public static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/> on a worker thread, so that Ctrl-C (which cancels the command's token)
    /// finds a task to wait for while the body writes its checkpoint and returns.</summary>
    public static Task<int> RunAsync(CliConsole console, Func<int> body) => Task.Run(() => Run(console, body));

    /// <summary>Runs <paramref name="body"/>; known input errors print one line on stderr.</summary>
    public static int Run(CliConsole console, Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (OperationCanceledException error)
        {
            console.Error.WriteLine("Interrupted: " + error.Message);
            return ExitCodes.Interrupted;
        }
        catch (Exception error) when (error is CorpusException or ArgumentException or InvalidDataException or FileNotFoundException
                                          or DirectoryNotFoundException or UnauthorizedAccessException or NotSupportedException)
        {
            console.Error.WriteLine("error: " + UserMessage(error));
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The message of <paramref name="error"/> without what only a programmer needs: the
    /// " (Parameter 'name')" suffix that <see cref="ArgumentException"/> appends.</summary>
    public static string UserMessage(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string message = error.Message;
        if (error is ArgumentException { ParamName: string name })
        {
            string suffix = $" (Parameter '{name}')";
            message = message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
        }
        return message;
    }
}
