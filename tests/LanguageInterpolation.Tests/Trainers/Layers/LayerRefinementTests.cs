using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class LayerRefinementTests
{
    private static Tensor Probe() => linspace(-1.0, 1.0, 61).view(-1, 1).expand(-1, 3).contiguous() * tensor(new[] { 1.0f, -0.9f, 0.77f });

    [Theory]
    [InlineData(LinkKind.Continuous, 4)]
    [InlineData(LinkKind.Discontinuous, 3)]
    [InlineData(LinkKind.Polynomial, 1)]
    public void RefineNodes_TwoToThreeToFive_PreservesOutputs(LinkKind kind, int segments)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(kind, 2, segments, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Tensor x = Probe();
        Tensor expected = layer.call(x);

        HighOrderLayer quadratic = LayerRefinement.RefineNodes(layer, 3);
        HighOrderLayer quartic = LayerRefinement.RefineNodes(quadratic, 5);

        Assert.Equal(3, quadratic.Config.Nodes);
        Assert.Equal(5, quartic.Config.Nodes);
        Assert.Equal(segments, quartic.Config.Segments);
        Assert.Equal(new long[] { 3, quartic.Config.WeightsPerLink, 4 }, quartic.Weight.shape);
        Assert.True(quadratic.call(x).allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.True(quartic.call(x).allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void RefineNodes_CubicToQuadratic_InterpolatesAtNewNodes()
    {
        // Fewer nodes is not exact, but the new layer agrees with the old one at its own nodes.
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 4, 2, 1, 2, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        HighOrderLayer coarse = LayerRefinement.RefineNodes(layer, 3);
        Tensor nodes = tensor(LinkGrid.NodePositions(coarse.Config), dtype: ScalarType.Float32).unsqueeze(1);
        Assert.True(coarse.call(nodes).allclose(layer.call(nodes), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void RefineNodes_Fourier_PadsWithZeroCoefficients()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Fourier, 3, 1, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        HighOrderLayer refined = LayerRefinement.RefineNodes(layer, 6);
        Assert.True(refined.call(Probe()).allclose(layer.call(Probe()), rtol: 1e-5, atol: 1e-6));
        Assert.True(refined.Weight[.., 3..].eq(Held(0)).all().item<bool>());
    }

    [Theory]
    [InlineData(LinkKind.Continuous, 2, 3, 9)]
    [InlineData(LinkKind.Continuous, 3, 2, 12)]
    [InlineData(LinkKind.Continuous, 4, 3, 9)]
    [InlineData(LinkKind.Discontinuous, 2, 3, 9)]
    [InlineData(LinkKind.Discontinuous, 3, 2, 12)]
    public void RefineSegments_NestedSegmentation_PreservesOutputs(LinkKind kind, int n, int segments, int newSegments)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(kind, n, segments, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Tensor x = Probe();

        HighOrderLayer refined = LayerRefinement.RefineSegments(layer, newSegments);

        Assert.Equal(newSegments, refined.Config.Segments);
        Assert.Equal(kind, refined.Config.Kind);
        // Probe points on old boundaries (e.g. ±1/3) take the right-hand old segment in both layers for
        // discontinuous links, because the new boundaries include the old ones.
        Assert.True(refined.call(x).allclose(layer.call(x), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void RefineSegments_Polynomial_BecomesExactContinuous()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Polynomial, 4, 1, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        HighOrderLayer refined = LayerRefinement.RefineSegments(layer, 5);
        Assert.Equal(LinkKind.Continuous, refined.Config.Kind);
        Assert.Equal(5, refined.Config.Segments);
        Assert.True(refined.call(Probe()).allclose(layer.call(Probe()), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void RefineSegments_NotNested_ThrowsNamingTheRule()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 2, 3, 1, 1, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        var error = Assert.Throws<ArgumentException>(() => LayerRefinement.RefineSegments(layer, 4));
        Assert.Contains("multiple of the old one", error.Message);
    }

    [Fact]
    public void RefineSegments_Fourier_Throws()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Fourier, 3, 1, 1, 1, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Assert.Throws<NotSupportedException>(() => LayerRefinement.RefineSegments(layer, 2));
    }

    [Fact]
    public void Refine_Float64Layer_KeepsDtypeAndLeavesOldLayerUnchanged()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 2, 2, 2, 2, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        layer.to(ScalarType.Float64);
        Tensor before = layer.Weight.detach().clone();
        HighOrderLayer refined = LayerRefinement.RefineSegments(LayerRefinement.RefineNodes(layer, 3), 4);
        Assert.Equal(ScalarType.Float64, refined.Weight.dtype);
        Assert.True(layer.Weight.eq(before).all().item<bool>());
        Tensor x = linspace(-1.0, 1.0, 33, dtype: ScalarType.Float64).view(-1, 1).expand(-1, 2);
        Assert.True(refined.call(x).allclose(layer.call(x), rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void SmoothDiscontinuities_FactorOne_MakesLayerContinuous()
    {
        using var scope = NewDisposeScope();
        const int segments = 5;
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Discontinuous, 3, segments, 2, 3, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        layer.to(ScalarType.Float64);
        double[] boundaries = Enumerable.Range(1, segments - 1).Select(k => -1.0 + 2.0 * k / segments).ToArray();
        Tensor left = tensor(boundaries.Select(v => v - 1e-9).ToArray(), dtype: ScalarType.Float64).unsqueeze(1).expand(-1, 2);
        Tensor right = tensor(boundaries.Select(v => v + 1e-9).ToArray(), dtype: ScalarType.Float64).unsqueeze(1).expand(-1, 2);
        Assert.True((layer.call(left) - layer.call(right)).abs().min().item<double>() > 1e-3);

        LayerRefinement.SmoothDiscontinuities(layer, 1.0);

        Assert.True((layer.call(left) - layer.call(right)).abs().max().item<double>() < 1e-6);
    }

    [Fact]
    public void SmoothDiscontinuities_FactorHalf_HalvesEveryJumpAroundItsMidpoint()
    {
        // Jump (L, R) -> (L + (R-L)/4, R - (R-L)/4): new jump (R-L)/2, same midpoint; other nodes unchanged.
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Discontinuous, 2, 3, 1, 1, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        layer.to(ScalarType.Float64);
        using (no_grad())
        {
            layer.Weight.copy_(tensor(new[] { 1.0, 2.0, 6.0, 3.0, -1.0, 5.0 }, dtype: ScalarType.Float64).view(1, 6, 1));
        }

        LayerRefinement.SmoothDiscontinuities(layer, 0.5);

        // Jump 1: L = 2, R = 6 -> 3, 5. Jump 2: L = 3, R = -1 -> 2, 0.
        Assert.Equal(new[] { 1.0, 3.0, 5.0, 2.0, 0.0, 5.0 }, layer.Weight.detach().data<double>().ToArray());
    }

    [Fact]
    public void SmoothDiscontinuities_PiecewiseConstant_Throws()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Discontinuous, 1, 3, 1, 1, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Assert.Throws<ArgumentException>(() => LayerRefinement.SmoothDiscontinuities(layer, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerRefinement.SmoothDiscontinuities(layer, 1.5));
    }
}
