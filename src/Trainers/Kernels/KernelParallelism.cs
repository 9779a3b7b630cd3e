using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>Splits a kernel's independent items (samples, or inputs of a layer) into as many contiguous ranges as
/// libtorch has threads, so a fused kernel uses the cores that the trainer's thread setting grants and no more: on
/// libtorch's OpenMP team where it can (<see cref="OpenMpTeam"/>), else on the .NET thread pool.</summary>
/// <remarks>Each item is computed by one thread with the same arithmetic in the same order whatever the split, so a
/// kernel's results do not depend on the thread count. Below <see cref="MinimumParallelWork"/> multiply-adds the
/// kernel runs on the calling thread: waking a worker costs more than the work.</remarks>
internal static class KernelParallelism
{
    /// <summary>Multiply-adds below which a kernel call stays on one thread.</summary>
    public const long MinimumParallelWork = 200_000;

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) in contiguous ranges.</summary>
    /// <param name="count">Number of items.</param>
    /// <param name="work">Total multiply-adds of the call (decides whether to split).</param>
    /// <param name="body">Computes items start..end-1; ranges never overlap.</param>
    public static void For(int count, long work, Action<int, int> body)
    {
        int threads = Math.Min(get_num_threads(), count);
        if (threads <= 1 || work < MinimumParallelWork)
        {
            body(0, count);
            return;
        }
        void RunPart(int part, int parts) => body((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));
        if (OpenMpTeam.IsAvailable)
        {
            OpenMpTeam.Run(threads, RunPart);
            return;
        }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part => RunPart(part, threads));
    }
}
