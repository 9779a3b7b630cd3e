using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class HighOrderMlpConfigTests
{
    [Fact]
    public void HiddenNodes_AreIndependentOfInputNodes()
    {
        // The original passed n_hidden = n_in (seed-study §6.3); here each layer keeps its own n.
        var config = new HighOrderMlpConfig { InputNodes = 2, HiddenNodes = 4, OutputNodes = 3 }.WithShape(16, 128);
        var mlp = (HighOrderMlpConfig)config;

        Assert.Equal((2, 4, 3), (mlp.InputLayer().Nodes, mlp.HiddenLayer().Nodes, mlp.OutputLayer().Nodes));
    }

    [Fact]
    public void Validate_ManyBadFields_NamesEveryOne()
    {
        var config = new HighOrderMlpConfig { HiddenWidth = 0, HiddenLayers = -1 };

        var error = Assert.Throws<ArgumentException>(() => config.Validate());

        Assert.Contains("WindowSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("VocabularySize", error.Message, StringComparison.Ordinal);
        Assert.Contains("HiddenLayers", error.Message, StringComparison.Ordinal);
        Assert.Contains("HiddenWidth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ContinuousInputWithOneNode_NamesTheInputLayer()
    {
        var config = new HighOrderMlpConfig { InputNodes = 1 }.WithShape(16, 128);

        var error = Assert.Throws<ArgumentException>(() => config.Validate());

        Assert.Contains("input layer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameSeed_SameWeightsAndOutputs()
    {
        TorchTestSettings.UseOneThread();
        NetworkConfig config = new HighOrderMlpConfig { HiddenWidth = 8, InputSegments = 16 }.WithShape(4, 10);
        using var first = config.Build(new Generator(7));
        using var second = config.Build(new Generator(7));
        using var third = config.Build(new Generator(8));
        using Tensor x = rand([5, 4]) * Held(2) - Held(1);

        using var noGrad = no_grad();
        Assert.True(first.call(x).eq(second.call(x)).all().item<bool>());
        Assert.False(first.call(x).eq(third.call(x)).all().item<bool>());
    }

    [Fact]
    public void Forward_ZeroHiddenLayers_IsStillTwoHighOrderLayers()
    {
        var config = (HighOrderMlpConfig)new HighOrderMlpConfig { HiddenLayers = 0, HiddenWidth = 3, InputSegments = 4 }.WithShape(2, 5);
        using var network = (HighOrderMlp)config.Build();

        Assert.Empty(network.HiddenLayers);
        Assert.Equal(config.InputLayer().ParameterCount + config.OutputLayer().ParameterCount + 2 * 3, network.ParameterCount);
        using Tensor y = network.call(zeros(4, 2));
        Assert.Equal([4L, 5L], y.shape);
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheTypeAndFields()
    {
        NetworkConfig config = new HighOrderMlpConfig { HiddenKind = LinkKind.Fourier, Residual = true, Normalization = NormalizationKind.MaxAbs }.WithShape(8, 30);

        string json = NetworkJson.Serialize(config);
        NetworkConfig back = NetworkJson.Deserialize(json);

        Assert.StartsWith("{\"type\":\"high_order_mlp\"", json, StringComparison.Ordinal);
        Assert.Equal(config, back);
    }
}
