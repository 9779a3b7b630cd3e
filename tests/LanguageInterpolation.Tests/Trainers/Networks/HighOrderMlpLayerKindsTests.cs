using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks;

// The MLP's per-role layer kinds: product links, the product layer and the switch layer.
public class HighOrderMlpLayerKindsTests
{
    [Fact]
    public void Json_WithoutLayerKinds_ReadsAsSumLayersWithUnchangedKeys()
    {
        // Written before the layer-kind fields existed.
        const string json = "{\"type\":\"high_order_mlp\",\"window_size\":3,\"vocabulary_size\":5,\"input_segments\":4,\"hidden_layers\":1,\"hidden_width\":4}";

        var config = (HighOrderMlpConfig)NetworkJson.Deserialize(json);

        Assert.Equal((LayerKind.Sum, LayerKind.Sum, LayerKind.Sum, 2), (config.InputLayerKind, config.HiddenLayerKind, config.OutputLayerKind, config.SwitchBranches));
        using var network = (HighOrderMlp)config.Build();
        Assert.All(new[] { network.InputLayer, network.HiddenLayers[0], network.OutputLayer }, layer => Assert.IsType<HighOrderLayer>(layer));
        Assert.Equal(["input.weight", "norm0.weight", "norm0.bias", "hidden0.weight", "norm1.weight", "norm1.bias", "output.weight"], network.state_dict().Keys.ToArray());
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheLayerKinds()
    {
        NetworkConfig config = Mixed().WithShape(3, 5);

        string json = NetworkJson.Serialize(config);

        Assert.Contains("\"hidden_layer_kind\":\"Switch\"", json, StringComparison.Ordinal);
        Assert.Equal(config, NetworkJson.Deserialize(json));
    }

    [Fact]
    public void Build_MixedKinds_BuildsEachKindAndCountsItsParameters()
    {
        var config = (HighOrderMlpConfig)Mixed().WithShape(3, 5);
        using var network = (HighOrderMlp)config.Build(new Generator(1));

        var input = Assert.IsType<HighOrderLayer>(network.InputLayer);
        Assert.Equal(LinkCombination.Product, input.Config.Combination);
        Assert.Equal(3, Assert.IsType<SwitchLayer>(network.HiddenLayers[0]).Branches.Count);
        Assert.IsType<ProductLayer>(network.OutputLayer);
        Assert.Equal(config.ParameterCount(), network.ParameterCount);
        // input 3·5·4 (n 2, S 4) + switch 3 · 4·3·4 (n 2, S 2) + product 4·5 + 5 + two layer norms 2·2·4
        Assert.Equal(60 + 144 + 25 + 16, network.ParameterCount);
    }

    [Fact]
    public void Training_SwitchBranchesOfTheNetwork_AllReceiveGradients()
    {
        var config = (HighOrderMlpConfig)Mixed().WithShape(3, 5);
        using var network = (HighOrderMlp)config.Build(new Generator(2));
        var switchLayer = (SwitchLayer)network.HiddenLayers[0];
        using var scope = NewDisposeScope();
        Tensor ids = tensor(new long[] { 0, 1, 2, 3, 4, 0, 2, 4, 1 }, [3, 3]);

        nn.functional.cross_entropy(network.call(ids), tensor(new long[] { 1, 2, 3 })).backward();

        HashSet<IntPtr> registered = network.parameters().Select(parameter => parameter.Handle).ToHashSet();
        foreach (HighOrderLayer branch in switchLayer.Branches)
        {
            Assert.Contains(branch.Weight.Handle, registered);
            Assert.True(branch.Weight.grad!.abs().sum().item<float>() > 0f, $"{branch.GetName()} got no gradient");
        }
    }

    [Fact]
    public void Validate_SwitchWithoutBranches_NamesTheLayerAndTheCount()
    {
        var config = new HighOrderMlpConfig { HiddenLayerKind = LayerKind.Switch, SwitchBranches = 0 }.WithShape(3, 5);

        var error = Assert.Throws<ArgumentException>(() => config.Build());

        Assert.Contains("hidden layer: a switch layer needs at least 1 branch, got 0", error.Message, StringComparison.Ordinal);
    }

    private static HighOrderMlpConfig Mixed() => new()
    {
        InputSegments = 4, HiddenLayers = 1, HiddenWidth = 4, SwitchBranches = 3,
        InputLayerKind = LayerKind.LinkProduct, HiddenLayerKind = LayerKind.Switch, OutputLayerKind = LayerKind.Product,
    };
}
