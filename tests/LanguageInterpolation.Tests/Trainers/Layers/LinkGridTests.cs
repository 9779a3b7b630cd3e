using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class LinkGridTests
{
    [Theory]
    [InlineData(LinkKind.Continuous, 3, 2, new[] { -1.0, -0.5, 0.0, 0.5, 1.0 })]
    [InlineData(LinkKind.Continuous, 2, 4, new[] { -1.0, -0.5, 0.0, 0.5, 1.0 })]
    [InlineData(LinkKind.Discontinuous, 2, 2, new[] { -1.0, 0.0, 0.0, 1.0 })]
    [InlineData(LinkKind.Discontinuous, 1, 4, new[] { -0.75, -0.25, 0.25, 0.75 })]
    [InlineData(LinkKind.Polynomial, 4, 7, new[] { -1.0, -0.5, 0.5, 1.0 })]
    public void NodePositions_SmallLayouts_GiveHandComputedPositions(LinkKind kind, int n, int segments, double[] expected)
    {
        var config = new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1, Kind = kind, Nodes = n, Segments = segments };
        double[] positions = LinkGrid.NodePositions(config);
        Assert.Equal(expected.Length, positions.Length);
        for (int q = 0; q < expected.Length; q++)
        {
            Assert.Equal(expected[q], positions[q], 14);
        }
    }

    [Fact]
    public void Locate_ContinuousFourSegments_GivesSegmentStartAndLocalCoordinate()
    {
        // S = 4, n = 3 (stride 2): x = -0.8 -> k 0, t = 4(0.2) - 1 = -0.2; x = 0.5 -> k 3 (boundary goes right), t = -1;
        // x = 1.5 -> k clamped to 3, t = 4(2.5) - 7 = 3; x = -1.25 -> k 0, t = -2.
        using var scope = NewDisposeScope();
        var config = new HighOrderLayerConfig { InFeatures = 4, OutFeatures = 1, Nodes = 3, Segments = 4 };
        (Tensor first, Tensor t) = LinkGrid.Locate(tensor(new[] { -0.8, 0.5, 1.5, -1.25 }, dtype: ScalarType.Float64), config);
        Assert.Equal(new long[] { 0, 6, 6, 0 }, first.data<long>().ToArray());
        double[] local = t.data<double>().ToArray();
        double[] expected = [-0.2, -1.0, 3.0, -2.0];
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k], local[k], 12);
        }
    }
}
