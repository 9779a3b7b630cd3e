using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Networks.Mamba;

public class MambaPresetsTests
{
    // Counts from the original's parameter logging (seed-study §2.3: config/net/mamba.yaml, vocabulary 128) and,
    // for the CPU presets, from the formula by hand: tied table V·W + W, per block W + D(K+1) + DN + D + projections.
    [Theory]
    [InlineData("mamba", 128, 202_496)]
    [InlineData("high_order_mamba", 128, 3_143_696)]
    [InlineData("mamba", 65, 198_464)]
    [InlineData("high_order_mamba", 65, 3_139_664)]
    [InlineData("mamba_cpu", 65, 474_880)]
    [InlineData("high_order_mamba_cpu", 65, 464_064)]
    public void Preset_ParameterCount_IsTheOriginalsOrTheOneItsDescriptionStates(string name, int vocabulary, long parameters)
    {
        NetworkPreset preset = NetworkPresets.Load(name);
        NetworkConfig config = preset.Network.WithShape(64, vocabulary);

        Assert.Equal(parameters, config.ParameterCount());
        Assert.Contains(parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), preset.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedPresets_MirrorTheOriginalsMambaYaml()
    {
        var standard = (StandardMambaConfig)NetworkPresets.Load("mamba").Network;
        var highOrder = (HighOrderMambaConfig)NetworkPresets.Load("high_order_mamba").Network;

        foreach (MambaNetworkConfig config in new MambaNetworkConfig[] { standard, highOrder })
        {
            Assert.Equal((64, 5, 32, 2, 4, 4), (config.Width, config.Blocks, config.StateSize, config.Expand, config.ConvolutionKernel, config.ResolvedDeltaRank));
        }
        Assert.Equal((LinkKind.Continuous, 3, 2, 2), (highOrder.ProjectionKind, highOrder.ProjectionNodes, highOrder.ProjectionSegments, highOrder.ProjectionLayers));
    }

    [Theory]
    [InlineData("mamba")]
    [InlineData("high_order_mamba")]
    [InlineData("mamba_cpu")]
    [InlineData("high_order_mamba_cpu")]
    public void TrainerName_IsKnownToTrainCompareAndSearch(string name)
    {
        Assert.Contains(name, TrainerRegistry.Names);
    }
}
