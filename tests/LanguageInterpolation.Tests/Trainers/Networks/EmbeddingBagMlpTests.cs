using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class EmbeddingBagMlpTests
{
    [Fact]
    public void OneOptimizerStep_ChangesEveryParameter()
    {
        // Guards the TorchSharp trap where an embedding's registered parameter is not the tensor it uses.
        TorchTestSettings.UseOneThread();
        using var network = new EmbeddingBagMlpConfig { HiddenWidth = 6, HiddenLayers = 2 }.WithShape(4, 8).Build(new Generator(3));
        var before = network.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter.detach().clone());
        using var optimizer = OptimizerFactory.Create(network.parameters(), new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 0.01 });
        // Window values are bin centres of 8 classes: ids 0..7 map to (2 id + 1)/8 - 1.
        using Tensor x = tensor(new float[] { -0.875f, -0.625f, 0.125f, 0.875f, 0.375f, -0.375f, -0.125f, 0.625f }, [2, 4]);
        using Tensor y = tensor(new long[] { 3, 5 });

        nn.functional.cross_entropy(network.call(x), y).backward();
        optimizer.Step();

        foreach (var (name, parameter) in network.named_parameters())
        {
            Assert.False(parameter.eq(before[name]).all().item<bool>(), $"parameter {name} did not change");
        }
    }

    [Fact]
    public void Forward_RecoversIdsFromInputValues_OrderDoesNotMatter()
    {
        using var network = new EmbeddingBagMlpConfig { HiddenWidth = 5 }.WithShape(3, 8).Build(new Generator(4));
        network.eval();
        using Tensor x = tensor(new float[] { -0.875f, 0.125f, 0.875f, 0.875f, -0.875f, 0.125f }, [2, 3]);

        using Tensor y = network.call(x);

        Assert.True(y[0].allclose(y[1]), "a bag of characters ignores their order");
    }
}
