using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks;

// Moving a module (to CUDA, or to another dtype: the same code path, testable without a GPU) replaces its
// registered parameters; a layer that kept the old tensor in a field under another name would then compute
// with a disposed or stale tensor.
public class NetworkDeviceMoveTests
{
    public static TheoryData<string> Presets() => [.. NetworkPresets.Names];

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_MovedToFloat64_ComputesTheSameFunction(string preset)
    {
        using var generator = new Generator(3);
        NetworkConfig config = NetworkPresets.Load(preset).Network;
        int window = Math.Max(16, config.MinimumWindowSize); // convolution presets need their receptive field
        using LanguageNetwork network = config.WithShape(window, 128).Build(generator);
        using var inputGenerator = new Generator(4);
        Tensor ids = randint(0, 128, [8, window], generator: inputGenerator, dtype: ScalarType.Int64); // (8, T)
        Tensor expected;
        using (no_grad())
        {
            expected = network.forward(ids).to(ScalarType.Float64);
        }

        network.to(ScalarType.Float64);
        Tensor actual;
        using (no_grad())
        {
            actual = network.forward(ids);
        }

        Assert.Equal(ScalarType.Float64, actual.dtype);
        Assert.All(network.parameters(), parameter => Assert.Equal(ScalarType.Float64, parameter.dtype));
        Assert.True((actual - expected).abs().max().item<double>() < 1e-4, $"{preset}: float64 forward differs from float32 by {(actual - expected).abs().max().item<double>()}");
    }
}
