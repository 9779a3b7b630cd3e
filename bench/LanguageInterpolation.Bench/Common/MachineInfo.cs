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
    public static string Machine() =>
        $"{Environment.ProcessorCount} logical CPUs (nproc), CPU model \"{CpuModel()}\", .NET {Environment.Version}";

    /// <summary>The CPU's model name from /proc/cpuinfo (the architecture where there is none).</summary>
    public static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        string? line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? string.Join(' ', File.ReadAllText(loadAverage).Split(' ').Take(3)) : "unknown";
    }

    public static string Header(string title, string[] args)
    {
        string cpu = CpuModel();
        string load = LoadAverage();
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
