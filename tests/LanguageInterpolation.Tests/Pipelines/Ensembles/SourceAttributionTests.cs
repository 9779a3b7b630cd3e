using LanguageInterpolation.Pipelines.Ensembles;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class SourceAttributionTests
{
    [Fact]
    public void FromRows_PosteriorIsTheNormalisedLikelihood()
    {
        // Likelihoods 0.5·0.5 = 0.25 and 0.25·0.125 = 1/32: posterior 0.25 / (0.25 + 1/32) = 8/9.
        var rows = new List<double[]> { new[] { 0.5, 0.25 }, new[] { 0.5, 0.125 } };

        Attribution attribution = SourceAttribution.FromRows(["a", "b"], rows, 0.01);

        Assert.Equal(8.0 / 9.0, attribution.Posterior[0], 12);
        Assert.Equal(1.0, attribution.BitsPerCharacter[0], 12);
        Assert.Equal(2.5, attribution.BitsPerCharacter[1], 12);
        Assert.Equal("a", attribution.MostLikelySource);
        Assert.Equal(2, attribution.Trajectory.Count);
    }
}
