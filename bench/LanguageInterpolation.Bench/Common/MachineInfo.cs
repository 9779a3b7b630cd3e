using System.Globalization;
using TorchSharp;

namespace LanguageInterpolation.Bench.Common;

/// <summary>The header every results file starts with: command, machine and date.</summary>
public static class MachineInfo
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The command line that reproduces a run of this program.</summary>
    public static string Command(IEnumerable<string> args) =>
        "dotnet run -c Release --project bench/LanguageInterpolation.Bench -- " + string.Join(' ', args);

    /// <summary>CPU model and count, for result headers.</summary>
    public static string Machine()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        return $"{Environment.ProcessorCount} logical CPUs (nproc), CPU model \"{cpu}\", .NET {Environment.Version}";
    }

    public static string Header(string title, string[] args)
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        return $"""
            # {title}

            - Command: `{Command(["layers", .. args])}`
            - Date: {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC
            - Machine: {Environment.ProcessorCount} logical CPUs (nproc), CPU model "{cpu}", torch threads {torch.get_num_threads()}, TorchSharp libtorch-cpu 2.10, .NET {Environment.Version}
            - Load average at start (1/5/15 min): {load}. The CPUs are shared with other work: timings drift by tens of percent; compare rows measured in the same run.


            """;
    }

    private static string FindRoot()
    {
        for (string? folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "LanguageInterpolation.slnx")))
            {
                return folder;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
