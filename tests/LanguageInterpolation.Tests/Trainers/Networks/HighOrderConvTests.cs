using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class HighOrderConvTests
{
    [Fact]
    public void Forward_OneKernelOverTheWholeWindow_EqualsAFullyConnectedHighOrderLayer()
    {
        // A convolution of kernel T over one channel of length T has one output position, and its link c·k + j reads
        // position j: it is exactly a fully connected high-order layer on the T encoded characters.
        using var scope = NewDisposeScope();
        var config = new HighOrderConvConfig { Channels = [5], KernelSizes = [6], Strides = [1], Segments = [8], WindowSize = 6, VocabularySize = 9 };
        var network = (HighOrderConv)config.Build(new Generator(3));
        var dense = new HighOrderLayer("dense", new HighOrderLayerConfig { InFeatures = 6, OutFeatures = 5, Segments = 8 }, new Generator(4));
        using (no_grad())
        {
            dense.Weight.copy_(network.Stack.Convolutions[0].Links.Weight);
        }
        Tensor ids = tensor(new long[] { 0, 8, 3, 5, 1, 1, 7, 2, 2, 6, 4, 0 }, [2, 6]);
        Tensor x = (ids.to(ScalarType.Float32) * Held(2)).add_(Held(1), One) / Held(9) - Held(1);                                  // (B, T): the original's encoding

        Tensor h = nn.functional.layer_norm(dense.call(x), [5], network.Stack.Normalizations[0].parameters().First(), network.Stack.Normalizations[0].parameters().Last(), 1e-5);
        Tensor expected = network.OutputLayer.call(h);

        Assert.True(network.call(ids).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ParameterCount_OfConfig_EqualsRegisteredParameters()
    {
        var config = (HighOrderConvConfig)new HighOrderConvConfig { Padding = 1, Normalization = NormalizationKind.LayerNorm }.WithShape(16, 40);
        using var network = config.Build(new Generator(0));
        Assert.Equal(config.ParameterCount(), network.ParameterCount);
    }

    [Fact]
    public void Preset_HighOrderConv_IsTheOriginalsConvYamlAndRunsAtItsMinimumWindow()
    {
        var config = (HighOrderConvConfig)NetworkPresets.Load("high_order_conv").Network;
        Assert.Equal(1000, config.MinimumWindowSize);                         // three kernel-10 stride-10 layers
        config = (HighOrderConvConfig)config.WithShape(1000, 128);
        Assert.Equal([1000, 100, 10, 1], config.LevelLengths());
        // Link weights: 1·10 links × 129 × 10 + 10·10 × 11 × 100 + 100·10 × 11 × 100; layer norms 2·(10 + 100 + 100);
        // Linear (100 + 1) × 128.
        Assert.Equal(12_900 + 110_000 + 1_100_000 + 420 + 12_928, config.ParameterCount());

        using var network = config.Build(new Generator(1));
        using var noGrad = no_grad();
        Tensor logits = network.call(randint(0, 128, [2, 1000], generator: new Generator(2), dtype: ScalarType.Int64));
        Assert.Equal(new long[] { 2, 128 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void Validate_WindowShorterThanReceptiveField_SaysWhatIsNeeded()
    {
        NetworkConfig config = NetworkPresets.Load("high_order_conv").Network.WithShape(16, 128);
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("WindowSize must be at least 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WindowsThatMissTheEnd_SayHowManyPositionsAreNeverRead()
    {
        // conv.yaml's kernels and strides of 10 at a 1,500-character window: 1,500 -> 150 -> 15 -> 1, and the last
        // convolution reads positions 0-9 of 15: the 500 most recent characters would never reach the output.
        NetworkConfig config = NetworkPresets.Load("high_order_conv").Network.WithShape(1500, 128);
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("convolution 2 never reads the last 5 of the 15 positions of its input (window 1500)", error.Message, StringComparison.Ordinal);
        NetworkPresets.Load("high_order_conv").Network.WithShape(2000, 128).Validate();
    }

    [Fact]
    public void Validate_ListsOfDifferentLengths_NamesThem()
    {
        NetworkConfig config = new HighOrderConvConfig { Strides = [1] }.WithShape(16, 30);
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("Strides (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheLists()
    {
        NetworkConfig config = new HighOrderConvConfig { Channels = [3, 4], Segments = [9, 2], Padding = 1 }.WithShape(16, 30);
        Assert.Equal(config, NetworkJson.Deserialize(NetworkJson.Serialize(config)));
    }
}
