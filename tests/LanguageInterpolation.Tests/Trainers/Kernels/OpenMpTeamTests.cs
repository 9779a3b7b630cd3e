using System.Collections.Concurrent;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Kernels;

[Collection(TorchThreadCount.Collection)]
public class OpenMpTeamTests
{
    [Fact]
    public void IsAvailable_OnLinuxWithLibtorchLoaded_FindsTheRuntime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // looked up on Linux only; elsewhere the kernels use the .NET thread pool
        }
        using Tensor warm = ones(2).add(Held(1), One); // libtorch (and its OpenMP runtime) is loaded

        Assert.True(OpenMpTeam.IsAvailable, "libgomp not found: the fused kernels fall back to the .NET thread pool");
    }

    [Fact]
    public void Run_TwoThreads_RunsEveryPartOnceWithTheTeamSize()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using Tensor warm = ones(2).add(Held(1), One);
        var parts = new ConcurrentBag<(int Part, int Parts)>();

        OpenMpTeam.Run(2, (part, count) => parts.Add((part, count)));

        int teamSize = parts.First().Parts;
        Assert.All(parts, entry => Assert.Equal(teamSize, entry.Parts));
        Assert.Equal(Enumerable.Range(0, teamSize), parts.Select(entry => entry.Part).Order());
    }

    [Fact]
    public void Run_PartThrows_RethrowsAfterTheTeamFinishes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using Tensor warm = ones(2).add(Held(1), One);

        var error = Assert.Throws<AggregateException>(() => OpenMpTeam.Run(2, (part, _) =>
        {
            if (part == 0)
            {
                throw new InvalidOperationException("part 0 failed");
            }
        }));

        Assert.Equal("part 0 failed", error.InnerException!.Message);
    }
}
