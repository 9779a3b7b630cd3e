using LanguageInterpolation.Trainers.Layers;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class HighOrderLayerConfigTests
{
    [Theory]
    [InlineData(LinkKind.Continuous, 16, 250, 2, 128, 516_000)]    // 16 · 129 · 250, large_single_layer input
    [InlineData(LinkKind.Continuous, 250, 250, 2, 2, 187_500)]     // 250 · 3 · 250, hidden
    [InlineData(LinkKind.Continuous, 250, 128, 2, 2, 96_000)]      // 250 · 3 · 128, output
    [InlineData(LinkKind.Discontinuous, 16, 250, 2, 128, 1_024_000)] // 16 · 256 · 250, large_standard input
    [InlineData(LinkKind.Discontinuous, 10, 128, 2, 8, 20_480)]    // 10 · 16 · 128, small output
    [InlineData(LinkKind.Polynomial, 3, 4, 5, 99, 60)]             // 3 · 5 · 4, segments ignored
    [InlineData(LinkKind.Fourier, 3, 4, 7, 99, 84)]                // 3 · 7 · 4
    public void ParameterCount_PresetShapes_MatchHandCount(LinkKind kind, int inputs, int outputs, int n, int segments, long expected)
    {
        var config = new HighOrderLayerConfig { InFeatures = inputs, OutFeatures = outputs, Kind = kind, Nodes = n, Segments = segments };
        Assert.Equal(expected, config.ParameterCount);
    }

    [Fact]
    public void ParameterCount_LargeSingleLayerPreset_Is799500()
    {
        // seed-study §2.3: C(16->250,S128) LN C(250->250,S2) LN C(250->128,S2) has 799,500 weights besides LayerNorm.
        long total = new HighOrderLayerConfig { InFeatures = 16, OutFeatures = 250, Segments = 128 }.ParameterCount
            + new HighOrderLayerConfig { InFeatures = 250, OutFeatures = 250 }.ParameterCount
            + new HighOrderLayerConfig { InFeatures = 250, OutFeatures = 128 }.ParameterCount;
        Assert.Equal(799_500, total);
    }

    [Theory]
    [InlineData(LinkKind.Continuous, 3, 4, 9)]
    [InlineData(LinkKind.Continuous, 2, 1, 2)]
    [InlineData(LinkKind.Discontinuous, 1, 4, 4)]
    [InlineData(LinkKind.Discontinuous, 3, 4, 12)]
    [InlineData(LinkKind.Polynomial, 6, 4, 6)]
    [InlineData(LinkKind.Fourier, 5, 4, 5)]
    public void WeightsPerLink_EachKind_FollowsFormula(LinkKind kind, int n, int segments, int expected)
    {
        Assert.Equal(expected, new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1, Kind = kind, Nodes = n, Segments = segments }.WeightsPerLink);
    }

    [Fact]
    public void Defaults_ArePinned()
    {
        var config = new HighOrderLayerConfig();
        Assert.Equal(LinkKind.Continuous, config.Kind);
        Assert.Equal(2, config.Nodes);
        Assert.Equal(2, config.Segments);
        Assert.Equal(OutOfRangePolicy.Extrapolate, config.Range);
        Assert.Equal(LayerInitialization.Uniform, config.Initialization);
        Assert.Equal(1.0, config.WeightMagnitude);
        Assert.Equal(0.5, config.MaxSlope);
        Assert.Equal(0.5, config.MaxOffset);
        Assert.Equal(PiecewiseAlgorithm.Auto, config.Algorithm);
        Assert.Equal(16, HighOrderLayerConfig.GatherActiveMinimumRatio);
    }

    [Fact]
    public void Validate_ManyBadFields_NamesEveryOne()
    {
        var config = new HighOrderLayerConfig
        {
            InFeatures = 0,
            OutFeatures = -1,
            Nodes = 0,
            Segments = 0,
            WeightMagnitude = double.NaN,
            MaxSlope = -1,
            MaxOffset = double.PositiveInfinity,
            Range = (OutOfRangePolicy)42,
        };

        var error = Assert.Throws<ArgumentException>(config.Validate);

        foreach (string field in new[] { "InFeatures", "OutFeatures", "Nodes", "Segments", "WeightMagnitude", "MaxSlope", "MaxOffset", "Range" })
        {
            Assert.Contains(field, error.Message);
        }
    }

    [Fact]
    public void Validate_ContinuousWithOneNode_ExplainsWhy()
    {
        var config = new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1, Nodes = 1 };
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("Nodes must be >= 2 for Continuous", error.Message);
    }

    [Fact]
    public void Validate_DiscontinuousWithOneNode_IsValidWithOneWeightPerSegment()
    {
        // One node per segment is a piecewise-constant link: one value per segment, nothing shared between segments.
        var config = new HighOrderLayerConfig { InFeatures = 2, OutFeatures = 3, Kind = LinkKind.Discontinuous, Nodes = 1, Segments = 5 };

        Exception? error = Record.Exception(config.Validate);

        Assert.Null(error);
        Assert.Equal(5, config.WeightsPerLink);
        Assert.Equal(2 * 5 * 3, config.ParameterCount);
    }

    [Theory]
    [InlineData(PiecewiseAlgorithm.ExpandedMatmul)]
    [InlineData(PiecewiseAlgorithm.GatherActive)]
    public void ResolvedAlgorithm_Explicit_IsKept(PiecewiseAlgorithm algorithm)
    {
        var config = new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1, Segments = 128, Algorithm = algorithm };
        Assert.Equal(algorithm, config.ResolvedAlgorithm);
    }
}
