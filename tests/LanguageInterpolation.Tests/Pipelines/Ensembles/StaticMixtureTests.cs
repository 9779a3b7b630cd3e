using LanguageInterpolation.Pipelines.Ensembles;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class StaticMixtureTests
{
    [Fact]
    public void Fit_TwoMembers_MatchesTheClosedFormMaximum()
    {
        // n1 characters where the members give (0.5, 0.1), n2 where they give (0.1, 0.5). Setting the derivative
        // of n1 log(0.1 + 0.4w) + n2 log(0.5 - 0.4w) to zero gives w = (0.5 n1 - 0.1 n2) / (0.4 (n1 + n2)) = 0.875.
        var rows = Enumerable.Repeat(new[] { 0.5, 0.1 }, 3).Concat([new[] { 0.1, 0.5 }]).ToList();

        double[] weights = StaticMixture.Fit(rows);

        // EM stops once a step gains less than 1e-10 nats per character; the log-likelihood is flat (quadratic)
        // at its maximum, so the weights are then within about 1e-5 of it, and the loss within 1e-9 bits.
        Assert.Equal(0.875, weights[0], 1e-4);
        Assert.Equal(1.0, weights.Sum(), 12);
        Assert.Equal(StaticMixture.BitsPerCharacter(rows, [0.875, 0.125]), StaticMixture.BitsPerCharacter(rows, weights), 1e-9);
    }

    [Fact]
    public void Fit_ThreeMembers_NoPointOfASimplexGridDoesBetter()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 200).Select(_ => new[] { random.NextDouble(), random.NextDouble() * 0.5, random.NextDouble() * random.NextDouble() }).ToList();

        double[] weights = StaticMixture.Fit(rows);
        double fitted = StaticMixture.BitsPerCharacter(rows, weights);

        Assert.Equal(1.0, weights.Sum(), 9);
        for (int a = 0; a <= 20; a++)
        {
            for (int b = 0; a + b <= 20; b++)
            {
                double[] grid = [a / 20.0, b / 20.0, (20 - a - b) / 20.0];
                Assert.True(fitted <= StaticMixture.BitsPerCharacter(rows, grid) + 1e-9, $"grid point {string.Join(",", grid)} beats EM");
            }
        }
    }

    [Fact]
    public void BitsPerCharacter_HandComputed()
    {
        // 0.5·0.5 + 0.5·0.25 = 0.375, then 0.5·0.125 + 0.5·0.125 = 0.125: -(log2 0.375 + log2 0.125) / 2.
        var rows = new List<double[]> { new[] { 0.5, 0.25 }, new[] { 0.125, 0.125 } };

        Assert.Equal(-(Math.Log2(0.375) + Math.Log2(0.125)) / 2, StaticMixture.BitsPerCharacter(rows, [0.5, 0.5]), 12);
    }

    [Fact]
    public void Fit_NoRows_Throws() =>
        Assert.Throws<ArgumentException>(() => StaticMixture.Fit([]));
}
