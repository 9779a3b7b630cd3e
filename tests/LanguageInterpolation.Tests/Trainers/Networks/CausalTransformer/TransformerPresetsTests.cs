using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;

public class TransformerPresetsTests
{
    // tinyshakespeare's corpus vocabulary and the window the presets are meant for.
    private const int Window = 64;
    private const int Characters = 65;

    [Theory]
    [InlineData("transformer_cpu", 818_241)]
    [InlineData("high_order_input_transformer_cpu", 826_433)]
    [InlineData("high_order_transformer_cpu", 809_313)]
    [InlineData("transformer_seed", 185_761)]
    public void Preset_ParameterCount_IsTheOneItsDescriptionStates(string name, long parameters)
    {
        NetworkPreset preset = NetworkPresets.Load(name);
        NetworkConfig config = preset.Network.WithShape(Window, Characters);

        Assert.Equal(parameters, config.ParameterCount());
        Assert.Contains(parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), preset.Description, StringComparison.Ordinal);
        using LanguageNetwork network = config.Build();
        Assert.Equal(parameters, network.ParameterCount);
    }

    [Fact]
    public void HighOrderPreset_IsWithinTwoPercentOfTheLowOrderOnesSize()
    {
        long lowOrder = NetworkPresets.Load("transformer_cpu").Network.WithShape(Window, Characters).ParameterCount();
        long highOrder = NetworkPresets.Load("high_order_transformer_cpu").Network.WithShape(Window, Characters).ParameterCount();

        Assert.InRange((double)highOrder / lowOrder, 0.98, 1.02);
    }

    [Fact]
    public void SeedPreset_MirrorsTheOriginalsTransformerYaml()
    {
        var seed = Assert.IsType<HighOrderTransformerConfig>(NetworkPresets.Load("transformer_seed").Network);

        // transformer.yaml: layer_type continuous, n 3, segments 2, heads 4 of width 8, 3 blocks, input_segments 128.
        Assert.Equal((LinkKind.Continuous, 3, 2), (seed.BlockKind, seed.BlockNodes, seed.BlockSegments));
        Assert.Equal((4, 8, 3, 128), (seed.Heads, seed.HeadWidth, seed.Blocks, seed.InputSegments));
    }

    [Theory]
    [InlineData("transformer")]
    [InlineData("high_order_input_transformer")]
    [InlineData("high_order_transformer")]
    [InlineData("transformer_cpu")]
    [InlineData("high_order_input_transformer_cpu")]
    [InlineData("high_order_transformer_cpu")]
    [InlineData("transformer_seed")]
    public void TrainerName_IsKnownToTrainCompareAndSearch(string name)
    {
        Assert.Contains(name, TrainerRegistry.Names);
        Assert.IsAssignableFrom<CausalTransformerConfig>(TrainerRegistry.FindPreset(name)!.Network);
    }
}
