using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks.Mamba;

/// <summary>Tiny instances of the two Mamba types, with every RMS-norm gain, skip and convolution bias moved off its
/// initial value so that tests see trained-looking values.</summary>
internal static class MambaTestNetworks
{
    public const int Window = 6;

    public static TheoryData<string> Types() => [StandardMambaConfig.TypeName, HighOrderMambaConfig.TypeName];

    public static MambaNetworkConfig Config(string type, int classes, int window = Window) => (MambaNetworkConfig)(type switch
    {
        StandardMambaConfig.TypeName => (MambaNetworkConfig)new StandardMambaConfig { Width = 8, Blocks = 2, StateSize = 3, Expand = 2, ConvolutionKernel = 3, DeltaRank = 2 },
        HighOrderMambaConfig.TypeName => new HighOrderMambaConfig { Width = 8, Blocks = 2, StateSize = 3, Expand = 2, ConvolutionKernel = 3, DeltaRank = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown test Mamba."),
    }).WithShape(window, classes);

    public static MambaNetwork Build(string type, int classes, int seed = 42, int window = Window)
    {
        TorchTestSettings.UseOneThread();
        using var generator = new Generator((ulong)seed);
        var network = (MambaNetwork)Config(type, classes, window).Build(generator);
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                if (name.Contains("norm", StringComparison.Ordinal) || name.EndsWith("skip", StringComparison.Ordinal))
                {
                    parameter.add_(rand(parameter.shape, generator: generator) - Held(0.5), One);
                }
            }
        }
        network.eval();
        return network;
    }

    public static long[] RandomIds(int rows, int seed, int classes, int window = Window)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * window).Select(_ => (long)random.Next(0, classes)).ToArray();
    }
}
