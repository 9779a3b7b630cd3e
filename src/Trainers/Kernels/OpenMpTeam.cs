using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>Runs a kernel on libtorch's own OpenMP thread team (the GNU OpenMP runtime that libtorch loads), so the
/// kernel's threads are the ones libtorch's parallel operators just used.</summary>
/// <remarks>Why not the .NET thread pool: after each parallel operator libtorch's OpenMP workers keep spinning for a
/// while, waiting for the next one; a .NET worker woken then shares a core with a spinning thread, and on 2 cores
/// the fused input-layer backward took 4-5x longer than on one thread (measured in a micro-benchmark: 6.9 ms against
/// 1.5 ms with the OpenMP workers made passive). Handing the work to that team instead costs no wake-up at all.
/// The runtime is found as the <c>libgomp</c> mapped into the process; where there is none (another OpenMP, another
/// OS) <see cref="IsAvailable"/> is false and <see cref="KernelParallelism"/> uses the .NET thread pool.</remarks>
internal static unsafe class OpenMpTeam
{
    private static readonly delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void> s_parallel;
    private static readonly delegate* unmanaged<int> s_threadNumber;
    private static readonly delegate* unmanaged<int> s_teamSize;

#pragma warning disable CA1810 // the three entry points are looked up together, once
    static OpenMpTeam()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() || FindLibrary() is not string path || !NativeLibrary.TryLoad(path, out IntPtr library))
        {
            return;
        }
        if (NativeLibrary.TryGetExport(library, "GOMP_parallel", out IntPtr parallel)
            && NativeLibrary.TryGetExport(library, "omp_get_thread_num", out IntPtr threadNumber)
            && NativeLibrary.TryGetExport(library, "omp_get_num_threads", out IntPtr teamSize))
        {
            s_parallel = (delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void>)parallel;
            s_threadNumber = (delegate* unmanaged<int>)threadNumber;
            s_teamSize = (delegate* unmanaged<int>)teamSize;
        }
    }

    /// <summary>Whether libtorch's GNU OpenMP runtime was found.</summary>
    public static bool IsAvailable => s_parallel != null;

    /// <summary>Runs <paramref name="body"/>(part, parts) once on each thread of a team of at most
    /// <paramref name="threads"/> threads (the calling thread is part 0); returns when all are done.</summary>
    /// <exception cref="AggregateException">A part threw; the first exception is inside.</exception>
    public static void Run(int threads, Action<int, int> body)
    {
        var job = new Job(body);
        GCHandle handle = GCHandle.Alloc(job);
        try
        {
            s_parallel(&RunPart, GCHandle.ToIntPtr(handle), (uint)threads, 0);
        }
        finally
        {
            handle.Free();
        }
        if (job.Error is not null)
        {
            throw new AggregateException("A fused kernel failed on an OpenMP thread.", job.Error);
        }
    }

    [UnmanagedCallersOnly]
    private static void RunPart(IntPtr state)
    {
        var job = (Job)GCHandle.FromIntPtr(state).Target!;
        try
        {
            job.Body(s_threadNumber(), s_teamSize());
        }
#pragma warning disable CA1031 // an exception must not unwind through native OpenMP frames; it is rethrown by Run
        catch (Exception error)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref job.Error, error, null);
        }
    }

    /// <summary>The path of the <c>libgomp</c> mapped into this process (libtorch's, under a hashed name), or null.</summary>
    private static string? FindLibrary()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).StartsWith("libgomp", StringComparison.Ordinal))
                {
                    return line[slash..];
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    private sealed class Job(Action<int, int> body)
    {
        public Action<int, int> Body { get; } = body;

        public Exception? Error;
    }
}
