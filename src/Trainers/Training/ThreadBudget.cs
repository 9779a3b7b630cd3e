using System.Globalization;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Picks TorchSharp's intra-op thread count from the cores other processes leave free, so that training on a
/// shared machine does not oversubscribe it. With more threads than free cores, every parallel operator waits
/// for its slowest thread, which shares a core with another process: throughput then collapses to a fraction of
/// what one thread on the free core would do. (<see cref="TrainingOptions.AdaptThreadsToLoad"/>.)
/// </summary>
/// <remarks>
/// Other processes' load = the machine's busy CPU time (<c>/proc/stat</c>) minus this process's own
/// (<c>/proc/self/stat</c>), over the interval since the previous choice (the last epoch), or over
/// <see cref="FirstSample"/> before the first one. Threads = cores minus that load, rounded to the nearest
/// whole core, at least 1. Where /proc is missing (not Linux) it always picks every core.
/// </remarks>
public sealed class ThreadBudget
{
    /// <summary>How long the first choice watches the machine.</summary>
    public static readonly TimeSpan FirstSample = TimeSpan.FromMilliseconds(200);

    private readonly int _cores;
    private CpuTimes? _last;

    /// <summary>A budget over <paramref name="cores"/> cores (default: the processor count).</summary>
    public ThreadBudget(int? cores = null)
    {
        _cores = cores ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(_cores, 1);
    }

    /// <summary>Threads for the next stretch of work: the cores left free by other processes since the last call.</summary>
    public int Next()
    {
        if (_last is null)
        {
            _last = CpuTimes.Read();
            if (_last is null)
            {
                return _cores;
            }
            Thread.Sleep(FirstSample);
        }
        CpuTimes? now = CpuTimes.Read();
        if (now is null || _last is null)
        {
            return _cores;
        }
        int threads = Choose(_cores, now.Total - _last.Total, now.Busy - _last.Busy, now.Own - _last.Own);
        _last = now;
        return threads;
    }

    /// <summary>
    /// The rule: other processes used <c>(busy - own) / (total / cores)</c> cores on average over an interval in which
    /// the machine counted <paramref name="totalTicks"/> CPU ticks (all cores, idle included), <paramref name="busyTicks"/>
    /// of them busy and <paramref name="ownTicks"/> spent by this process; threads = cores minus that, rounded, within
    /// [1, cores]. No ticks (an interval too short to measure) gives every core.
    /// </summary>
    public static int Choose(int cores, long totalTicks, long busyTicks, long ownTicks)
    {
        if (totalTicks <= 0)
        {
            return cores;
        }
        double others = Math.Max(0, busyTicks - ownTicks) * (double)cores / totalTicks;
        return (int)Math.Clamp(Math.Round(cores - others, MidpointRounding.AwayFromZero), 1, cores);
    }

    /// <summary>Cumulative CPU ticks of the whole machine (total and busy) and of this process.</summary>
    private sealed record CpuTimes(long Total, long Busy, long Own)
    {
        public static CpuTimes? Read()
        {
            try
            {
                // "cpu  user nice system idle iowait irq softirq steal ..." (USER_HZ ticks, all cores).
                string[] machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long[] ticks = [.. machine.Skip(1).Take(8).Select(value => long.Parse(value, CultureInfo.InvariantCulture))];
                long idle = ticks[3] + ticks[4];
                long total = ticks.Sum();
                // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
                string self = File.ReadAllText("/proc/self/stat");
                string[] fields = self[(self.LastIndexOf(')') + 2)..].Split(' ');
                long own = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return new CpuTimes(total, total - idle, own);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
