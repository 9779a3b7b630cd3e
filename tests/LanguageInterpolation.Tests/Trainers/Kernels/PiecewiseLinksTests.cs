using LanguageInterpolation.Tests.Trainers.Layers;
using LanguageInterpolation.Trainers.Kernels;
using LanguageInterpolation.Trainers.Layers;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Kernels;

public class PiecewiseLinksTests
{
    [Fact]
    public void Basis_ThreeNodesAtHalf_GivesTheWorkedExampleAndItsSlopes()
    {
        // Nodes -1, 0, 1 at t = 0.5: l = (-0.125, 0.75, 0.375) (LagrangeBasis docs). Slopes by hand:
        // l_0 = t(t-1)/2 -> (2t-1)/2 = 0, l_1 = 1 - t^2 -> -2t = -1, l_2 = t(t+1)/2 -> (2t+1)/2 = 1; times S = 4.
        PiecewiseLinks links = Links(LinkKind.Continuous, 3, 4);
        Span<float> basis = stackalloc float[3], slopes = stackalloc float[3];

        links.Basis(0.5f, basis);
        links.Slopes(0.5f, slopes);

        Assert.Equal([-0.125f, 0.75f, 0.375f], basis.ToArray());
        Assert.Equal([0f, -4f, 4f], slopes.ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void Basis_AnyNodes_MatchesProductFormulaAndItsCentralDifferences(int n)
    {
        PiecewiseLinks links = Links(LinkKind.Discontinuous, n, 5);
        Span<float> basis = stackalloc float[n], slopes = stackalloc float[n];
        foreach (double t in new[] { -1.0, -0.71, 0.0, 0.33, 1.0, 1.6 })
        {
            links.Basis((float)t, basis);
            links.Slopes((float)t, slopes);
            double[] expected = ScalarReference.Lagrange(t, n);
            const double h = 1e-5;
            double[] up = ScalarReference.Lagrange(t + h, n), down = ScalarReference.Lagrange(t - h, n);
            for (int j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(expected[j] - basis[j]) <= 1e-5, $"n {n}, t {t}, l_{j}: {basis[j]} vs {expected[j]}");
                double slope = 5 * (up[j] - down[j]) / (2 * h);                 // dl/dx = S dl/dt
                Assert.True(Math.Abs(slope - slopes[j]) <= 1e-4 * Math.Max(1, Math.Abs(slope)), $"n {n}, t {t}, slope {j}: {slopes[j]} vs {slope}");
            }
        }
    }

    [Theory]
    [InlineData(-1.0, 0, -1.0)]       // left end: segment 0, t = -1
    [InlineData(1.0, 3 * 2, 1.0)]      // right end: last segment (k = 3, first weight 3·stride), t = 1
    [InlineData(-0.25, 1 * 2, 0.0)]    // (x+1)S/2 = 1.5 -> k = 1, t = 4·0.75 - 3 = 0
    [InlineData(2.0, 3 * 2, 5.0)]      // beyond the range: last segment extrapolates, t = 4·3 - 7
    public void Locate_DiscontinuousFourSegments_GivesSegmentAndLocalCoordinate(double x, int first, double t)
    {
        PiecewiseLinks links = Links(LinkKind.Discontinuous, 2, 4);

        int actualFirst = links.Locate((float)x, out float actualT);

        Assert.Equal(first, actualFirst);
        Assert.Equal(t, actualT, 6);
    }

    [Fact]
    public void Locate_NaN_StaysInsideTheWeights()
    {
        PiecewiseLinks links = Links(LinkKind.Continuous, 2, 8);

        int first = links.Locate(float.NaN, out float t);

        Assert.Equal(0, first);
        Assert.True(float.IsNaN(t));
    }

    [Theory]
    [InlineData(LinkKind.Fourier, 3, 1)]
    [InlineData(LinkKind.Continuous, 17, 2)]
    public void TryCreate_UncoveredLinks_ReturnsNull(LinkKind kind, int n, int segments) =>
        Assert.Null(PiecewiseLinks.TryCreate(Config(kind, n, segments)));

    private static PiecewiseLinks Links(LinkKind kind, int n, int segments) => PiecewiseLinks.TryCreate(Config(kind, n, segments))!;

    private static HighOrderLayerConfig Config(LinkKind kind, int n, int segments) =>
        new() { InFeatures = 2, OutFeatures = 3, Kind = kind, Nodes = n, Segments = segments };
}
