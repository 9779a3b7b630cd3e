using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

/// <summary>When training trims the C heap: only after the resident set grew by 128 MB since the last trim.</summary>
public class NativeHeapTests
{
    private const long MiB = 1L << 20;

    [Theory]
    [InlineData(300, 0, true)]       // nothing released yet: the first look trims
    [InlineData(0, 200, true)]       // resident set unreadable: trim every time, as before the rule
    [InlineData(327, 200, false)]    // a step's working set faulted back in (127 MB): keep it
    [InlineData(328, 200, true)]     // grown by 128 MB: trim
    [InlineData(150, 200, false)]    // shrunk
    public void ShouldRelease_TrimsOnlyAfterGrowth(long residentMiB, long afterReleaseMiB, bool expected) =>
        Assert.Equal(expected, NativeHeap.ShouldRelease(residentMiB * MiB, afterReleaseMiB * MiB));
}
