using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class LayerNormalizationTests
{
    [Fact]
    public void Forward_HandExample_NormalisesWithBiasedVariance()
    {
        // [1, 2, 3, 4]: mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25.
        using var scope = NewDisposeScope();
        using var norm = new LayerNormalization("norm", 4);
        double[] y = norm.call(tensor(new[] { 1f, 2f, 3f, 4f }).unsqueeze(0)).to(ScalarType.Float64).data<double>().ToArray();
        double sd = Math.Sqrt(1.25 + 1e-5);
        double[] expected = [-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd];
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k], y[k], 6);
        }
    }

    [Fact]
    public void Parameters_AreRegisteredEagerlyWithTorchNames()
    {
        using var norm = new LayerNormalization("norm", 5);
        Assert.Equal(new[] { "weight", "bias" }, norm.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(new long[] { 5 }, norm.Weight.shape);
        Assert.True(norm.Weight.requires_grad && norm.Bias.requires_grad);
    }

    [Fact]
    public void AdamStep_ChangesGainAndBias()
    {
        using var scope = NewDisposeScope();
        using var norm = new LayerNormalization("norm", 3);
        Tensor x = tensor(new[] { 0.3f, -1.2f, 2.0f, 0.5f, 0.1f, -0.7f }).view(2, 3);
        Tensor target = tensor(new[] { 1f, 0f, -1f, 0.5f, 0.5f, 2f }).view(2, 3);
        IParameterOptimizer optimizer = OptimizerFactory.Create(norm.parameters(), new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 0.1 });

        optimizer.ZeroGrad();
        (norm.call(x) - target).pow(Held(2)).sum().backward();
        optimizer.Step();

        Assert.True(norm.Weight.ne(Held(1)).all().item<bool>());
        Assert.True(norm.Bias.ne(Held(0)).all().item<bool>());
    }

    [Fact]
    public void To_Float64_ConvertsGainAndBias()
    {
        using var scope = NewDisposeScope();
        using var norm = new LayerNormalization("norm", 3);
        norm.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, norm.Weight.dtype);
        Assert.Equal(ScalarType.Float64, norm.call(ones(2, 3, dtype: ScalarType.Float64)).dtype);
    }
}
