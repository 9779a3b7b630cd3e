namespace LanguageInterpolation.Bench.Original;

/// <summary>The JSON file a child run (the original's script, or ours in a fresh process) leaves behind: checked
/// against the child's exit code, read once and deleted.</summary>
internal static class ChildResult
{
    /// <summary>A fresh temporary path for a child's result, unique to this process, preset and seed.</summary>
    public static string NewPath(string kind, string preset, int seed) =>
        Path.Combine(Path.GetTempPath(), $"li-{kind}-{Environment.ProcessId}-{preset}-{seed}.json");

    /// <summary>The result's text; the file is deleted whatever happens.</summary>
    /// <exception cref="InvalidOperationException">The child failed or wrote nothing: <paramref name="failure"/>,
    /// with the exit code.</exception>
    public static string ReadAndDelete(string path, int exitCode, string failure)
    {
        try
        {
            if (exitCode != 0 || !File.Exists(path))
            {
                throw new InvalidOperationException($"{failure} (exit code {exitCode}).");
            }
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
