using System.Globalization;
using System.Runtime.InteropServices;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Keeps the C heap's freed tensor memory for the next step, and hands it back to the operating system only when
/// the process has grown. glibc's defaults do neither well for training on the CPU:
/// <list type="bullet">
/// <item>they unmap or trim large freed blocks (dynamic mmap and trim thresholds), so each step faults its
/// activations back in, page by page (about 1.2 µs per 4 KB page on the 2-core benchmark machine);</item>
/// <item>they keep what fragments: large_standard's resident set grew by about 10 MB per 4,096-row evaluation
/// batch and reached 1.8 GB in 20 epochs on The Dunwich Horror although under 250 MB was ever live.</item>
/// </list>
/// So training fixes the thresholds once per process (<see cref="KeepFreedBlocks"/>; not where the user set glibc's
/// malloc tunables), and trims the heap only when the resident set has grown by <see cref="GrowthBeforeRelease"/>
/// since the last trim (<see cref="ReleaseIfGrown"/>). An unconditional trim every 32,768 rows and after every pass,
/// as before, cost large_standard about 50,000 page faults per epoch (60 ms on 0.5 s of training).
/// </summary>
internal static class NativeHeap
{
    /// <summary>Rows between two looks at the resident set during a pass.</summary>
    public const long IntervalRows = 32_768;

    /// <summary>Growth of the resident set since the last trim that triggers the next one.</summary>
    public const long GrowthBeforeRelease = 128L << 20;

    // Blocks below this come from the heap and are reused, not unmapped (glibc's largest allowed value).
    private const int MmapThresholdBytes = 32 << 20;

    // glibc trims the top of the heap by itself only past this many free bytes.
    private const int TrimThresholdBytes = (int)GrowthBeforeRelease;

    private const int MallocOptionTrimThreshold = -1;
    private const int MallocOptionMmapThreshold = -3;

    private static readonly Lock s_gate = new();
    private static bool s_unavailable = !OperatingSystem.IsLinux();
    private static bool s_configured;
    private static long s_residentAfterRelease;

    /// <summary>Once per process: freed blocks of up to 32 MB stay in the heap for reuse, and glibc trims its top
    /// only past 64 MB free. Left alone where the environment sets glibc's malloc options (GLIBC_TUNABLES with
    /// glibc.malloc, or MALLOC_*_ variables), or the C library is not glibc.</summary>
    public static void KeepFreedBlocks()
    {
        lock (s_gate)
        {
            if (s_configured || s_unavailable)
            {
                return;
            }
            s_configured = true;
            if (UserConfiguredMalloc())
            {
                return;
            }
            try
            {
                _ = mallopt(MallocOptionMmapThreshold, MmapThresholdBytes);
                _ = mallopt(MallocOptionTrimThreshold, TrimThresholdBytes);
            }
            catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
            {
                s_unavailable = true;
            }
        }
    }

    /// <summary>Looks at the resident set once <paramref name="rowsDone"/> is at least <see cref="IntervalRows"/>
    /// past the last look, and trims when it grew (<see cref="ReleaseIfGrown"/>).</summary>
    /// <param name="rowsDone">Rows processed so far in this pass.</param>
    /// <param name="checkedAt">The pass's row count at its last look (start at 0); updated.</param>
    public static void ReleasePeriodically(long rowsDone, ref long checkedAt)
    {
        if (rowsDone - checkedAt >= IntervalRows)
        {
            ReleaseIfGrown();
            checkedAt = rowsDone;
        }
    }

    /// <summary>Returns free heap pages to the system when the resident set is <see cref="GrowthBeforeRelease"/>
    /// above what it was after the last release (or on the first call); a no-op where the C library has no
    /// <c>malloc_trim</c> (musl, macOS, Windows).</summary>
    public static void ReleaseIfGrown()
    {
        if (s_unavailable)
        {
            return;
        }
        long resident = ResidentBytes();
        lock (s_gate)
        {
            if (!ShouldRelease(resident, s_residentAfterRelease))
            {
                return;
            }
            try
            {
                _ = malloc_trim(0);
            }
            catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
            {
                s_unavailable = true;
                return;
            }
            s_residentAfterRelease = Math.Max(1, ResidentBytes());
        }
    }

    /// <summary>Whether to trim now: on the first call (nothing released yet, <paramref name="residentAfterRelease"/>
    /// 0), when the resident set is unknown (0: trim every time, as without this rule), or when it is
    /// <see cref="GrowthBeforeRelease"/> or more above what it was right after the last trim.</summary>
    public static bool ShouldRelease(long resident, long residentAfterRelease) =>
        resident <= 0 || residentAfterRelease <= 0 || resident - residentAfterRelease >= GrowthBeforeRelease;

    // Resident bytes of this process (the second field of /proc/self/statm, in pages); 0 when unreadable.
    private static long ResidentBytes()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long pages)
                ? pages * Environment.SystemPageSize
                : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool UserConfiguredMalloc() =>
        (Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.", StringComparison.Ordinal) ?? false)
        || Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(name => name.StartsWith("MALLOC_", StringComparison.Ordinal));

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int option, int value);
}
