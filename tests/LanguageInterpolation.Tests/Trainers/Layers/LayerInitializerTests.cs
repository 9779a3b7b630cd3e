using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

/// <summary>The initialisations, observed through <see cref="HighOrderLayer"/> (the initializer is internal).</summary>
public class LayerInitializerTests
{
    [Theory]
    [InlineData(LinkKind.Continuous, 2, 3)]
    [InlineData(LinkKind.Discontinuous, 3, 4)]
    [InlineData(LinkKind.Polynomial, 4, 1)]
    [InlineData(LinkKind.Fourier, 5, 1)]
    public void ConstantRandom_AnyInput_GivesSameOutput(LinkKind kind, int n, int segments)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 6, 5, LayerInitialization.ConstantRandom, 1);
        Tensor a = layer.call(tensor(new[] { -0.9f, -0.4f, 0.1f, 0.35f, 0.8f, 0.99f }).unsqueeze(0));
        Tensor b = layer.call(tensor(new[] { 0.7f, -0.2f, -0.65f, 0.05f, -0.95f, 0.3f }).unsqueeze(0));

        // Partition of unity in float32: 1e-6 relative.
        Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ConstantRandom_Lagrange_CopiesOneNonNegativeDrawPerLink()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 3, 4, 5, 7, LayerInitialization.ConstantRandom, 1);
        Tensor w = layer.Weight.detach();                                     // (in, K, out)
        Assert.True(w.eq(w[.., 0..1, ..]).all().item<bool>());                 // every node equals node 0
        Assert.True(w.ge(Held(0)).all().item<bool>() && w.lt(Held(1.0 / 5)).all().item<bool>()); // U[0, 1/in)
    }

    [Theory]
    [InlineData(LinkKind.Continuous, 2, 3)]
    [InlineData(LinkKind.Continuous, 3, 3)]
    [InlineData(LinkKind.Discontinuous, 2, 4)]
    [InlineData(LinkKind.Discontinuous, 3, 2)]
    [InlineData(LinkKind.Polynomial, 3, 1)]
    public void Linear_EachLink_IsExactlyALine(LinkKind kind, int n, int segments)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 1, 6, LayerInitialization.Linear, 5);
        layer.to(ScalarType.Float64);
        // Endpoint nodes sit at x = -1 and x = +1: a = (w_last - w_first)/2, b = (w_last + w_first)/2.
        Tensor first = layer.Weight.detach()[0, 0];                             // (out)
        Tensor last = layer.Weight.detach()[0, -1];                             // (out)
        Tensor slope = (last - first) / Held(2);
        Tensor offset = last.add(first, One) / Held(2);
        Tensor x = rand([20, 1], ScalarType.Float64, generator: new Generator(8, device("cpu"))) * Held(2) - Held(1);

        Tensor y = layer.call(x);                                               // (20, out)

        // The node values were rounded to float32 (6e-8 relative) before the conversion: 1e-6 absolute.
        Assert.True(y.allclose((x * slope).add_(offset, One), rtol: 0, atol: 1e-6));
        Assert.True(slope.abs().le(Held(0.5)).all().item<bool>() && offset.abs().le(Held(0.5)).all().item<bool>()); // MaxSlope, MaxOffset
        Assert.True(slope.abs().gt(Held(1e-3)).any().item<bool>());
    }

    [Fact]
    public void RandomSlope_DifferentInputs_GiveDifferentOutputs()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 2, 2, 6, 5, LayerInitialization.RandomSlope, 1);
        Tensor a = layer.call(tensor(new[] { -0.9f, -0.4f, 0.1f, 0.35f, 0.8f, 0.99f }).unsqueeze(0));
        Tensor b = layer.call(tensor(new[] { 0.7f, -0.2f, -0.65f, 0.05f, -0.95f, 0.3f }).unsqueeze(0));
        Assert.True((a - b).abs().min().item<float>() > 1e-4);
    }

    [Fact]
    public void RandomSlope_ManyLinks_HaveFanInScaledSymmetricSlopes()
    {
        using var scope = NewDisposeScope();
        const int inputs = 64;
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 3, 4, inputs, 64, LayerInitialization.RandomSlope, 1, magnitude: 1.0);
        Tensor w = layer.Weight.detach();
        Tensor slope = (w[.., -1] - w[.., 0]) / Held(2);                        // (in, out)
        Tensor offset = w[.., -1].add(w[.., 0], One) / Held(2);
        // 4096 draws of N(0, 1/64): std 0.125 within a few percent, mean near 0.
        Assert.InRange(slope.std().item<float>(), 0.115, 0.135);
        Assert.InRange(slope.mean().item<float>(), -0.01, 0.01);
        Assert.True(offset.abs().le(Held(0.5 / inputs)).all().item<bool>());
        // Still a line: the middle node (x = 0 of segment 1 → global -0.25) equals a·x + b.
        Tensor middle = w[.., 3];                                                // segment 1, node 1: x = -1 + (2 + 0 + 1)/4 = -0.25
        Assert.True(middle.allclose((slope * Held(-0.25f)).add_(offset, One), rtol: 0, atol: 1e-6));
    }

    [Theory]
    [InlineData(LayerInitialization.ConstantRandom)]
    [InlineData(LayerInitialization.Linear)]
    [InlineData(LayerInitialization.Uniform)]
    [InlineData(LayerInitialization.RandomSlope)]
    public void Initialization_SameSeed_IsReproducibleAndOtherSeedDiffers(LayerInitialization initialization)
    {
        using var scope = NewDisposeScope();
        Tensor a = NewLayer(LinkKind.Discontinuous, 2, 3, 4, 5, initialization, 21).Weight.detach();
        Tensor b = NewLayer(LinkKind.Discontinuous, 2, 3, 4, 5, initialization, 21).Weight.detach();
        Tensor c = NewLayer(LinkKind.Discontinuous, 2, 3, 4, 5, initialization, 22).Weight.detach();
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Fact]
    public void Uniform_Weights_AreInsideMagnitudeOverFanIn()
    {
        using var scope = NewDisposeScope();
        Tensor w = NewLayer(LinkKind.Discontinuous, 2, 3, 4, 50, LayerInitialization.Uniform, 2, magnitude: 2.0).Weight.detach();
        Assert.True(w.abs().lt(Held(0.5)).all().item<bool>());  // 2.0 / 4
        Assert.True(w.abs().gt(Held(0.4)).any().item<bool>());
    }

    [Theory]
    [InlineData(LayerInitialization.Linear)]
    [InlineData(LayerInitialization.RandomSlope)]
    public void LineInitializations_Fourier_FallBackToSmallUniform(LayerInitialization initialization)
    {
        using var scope = NewDisposeScope();
        Tensor w = NewLayer(LinkKind.Fourier, 5, 1, 4, 50, initialization, 2).Weight.detach();
        Assert.True(w.abs().lt(Held(0.25)).all().item<bool>());
        Assert.False(w[.., 1].eq(Held(0)).all().item<bool>());
    }

    private static HighOrderLayer NewLayer(LinkKind kind, int n, int segments, int inputs, int outputs, LayerInitialization initialization, ulong seed, double magnitude = 1.0) =>
        new("layer", new HighOrderLayerConfig
        {
            InFeatures = inputs,
            OutFeatures = outputs,
            Kind = kind,
            Nodes = n,
            Segments = segments,
            Initialization = initialization,
            WeightMagnitude = magnitude,
        }, new Generator(seed, device("cpu")));
}
