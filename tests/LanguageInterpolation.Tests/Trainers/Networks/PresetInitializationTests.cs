using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks;

/// <summary>The original's presets start with a random spread of a few Lion steps (docs/studies/learning-per-epoch.md):
/// the configured initialisation reaches every high-order layer, and the drawn weights have the hand-computed
/// bounds and slopes.</summary>
public class PresetInitializationTests
{
    [Fact]
    public void HighOrderMlp_WeightMagnitude_ReachesEveryLayer()
    {
        var config = (HighOrderMlpConfig)new HighOrderMlpConfig { Initialization = LayerInitialization.RandomSlope, WeightMagnitude = 0.1 }.WithShape(16, 128);

        Assert.All([config.InputLayer(), config.HiddenLayer(), config.OutputLayer()], layer =>
        {
            Assert.Equal(LayerInitialization.RandomSlope, layer.Initialization);
            Assert.Equal(0.1, layer.WeightMagnitude);
        });
    }

    [Fact]
    public void HighOrderInputMlp_WeightMagnitude_ReachesTheInputLayer()
    {
        var config = (HighOrderInputMlpConfig)new HighOrderInputMlpConfig { WeightMagnitude = 0.01 }.WithShape(16, 128);

        Assert.Equal(0.01, config.InputLayer().WeightMagnitude);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void HighOrderMlp_BadWeightMagnitude_IsNamed(double magnitude)
    {
        NetworkConfig config = new HighOrderMlpConfig { WeightMagnitude = magnitude }.WithShape(16, 128);

        var error = Assert.Throws<ArgumentException>(() => config.Validate());

        Assert.Contains("WeightMagnitude", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeStandard_InputTable_StartsWithinAHundredthOverFanIn()
    {
        NetworkConfig config = NetworkPresets.Load("large_standard").Network.WithShape(16, 128);
        using var network = (HighOrderInputMlp)config.Build(new Generator(3));

        // Uniform draws from U(-m/in, m/in) with m = 0.01 and in = 16 characters: |w| <= 0.000625.
        using Tensor weight = network.InputLayer.Weight.detach();
        double largest = weight.abs().max().item<float>();
        Assert.InRange(largest, 0.0005, 0.000625);
    }

    [Fact]
    public void Small_EveryLinkStartsAsALineWithASlopeOfAboutATenthOverRootFanIn()
    {
        NetworkConfig config = NetworkPresets.Load("small").Network.WithShape(16, 128);
        using var network = (HighOrderMlp)config.Build(new Generator(3));

        // The continuous input layer (S = 128, n = 2) has K = 129 node values per link at x = -1 + 2k/128.
        using Tensor weight = ((HighOrderLayer)network.InputLayer).Weight.detach().to(float64);   // (in, K, out)
        using Tensor steps = weight.narrow(1, 1, 128) - weight.narrow(1, 0, 128);     // (in, 128, out)
        using Tensor slopes = steps * Held(64);                                             // rise over run 2/128
        // A line: every segment has the same slope.
        Assert.True((slopes - slopes.narrow(1, 0, 1)).abs().max().item<double>() < 1e-3);
        // Slopes ~ N(0, 1) · 0.1 / sqrt(16) = N(0, 0.025²), over 160 links.
        double spread = slopes.narrow(1, 0, 1).std().item<double>();
        Assert.InRange(spread, 0.025 * 0.8, 0.025 * 1.2);
    }
}
