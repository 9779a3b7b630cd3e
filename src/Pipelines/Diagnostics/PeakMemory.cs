namespace LanguageInterpolation.Pipelines.Diagnostics;

/// <summary>
/// The process's peak resident memory (Linux VmHWM). <see cref="Reset"/> restarts the peak at the current
/// resident size (Linux 4.0+ "clear_refs" 5), so that runs inside one process can be measured apart.
/// </summary>
public static class PeakMemory
{
    /// <summary>Restarts the peak; returns false where the system does not allow it.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes since the process started or the last <see cref="Reset"/>.</summary>
    public static long PeakBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
        return Environment.WorkingSet;
    }
}
