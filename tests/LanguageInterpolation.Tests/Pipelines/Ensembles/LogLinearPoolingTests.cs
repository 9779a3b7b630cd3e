using LanguageInterpolation.Pipelines.Ensembles;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class LogLinearPoolingTests
{
    private static PooledRow Row(double[][] distributions, int target) =>
        new(distributions.SelectMany(distribution => distribution.Select(p => (float)Math.Log(p))).ToArray(), target);

    [Fact]
    public void LogProbability_HandComputed()
    {
        // β = (2, 1): q(0) ∝ 0.8² · 0.5 = 0.32, q(1) ∝ 0.2² · 0.5 = 0.02, so q(0) = 0.32 / 0.34.
        PooledRow row = Row([[0.8, 0.2], [0.5, 0.5]], target: 0);

        Assert.Equal(Math.Log(0.32 / 0.34), LogLinearPooling.LogProbability(row, [2, 1], 2), 6);
        Assert.Equal(Math.Log(0.5), LogLinearPooling.LogProbability(row, [0, 1], 2), 6); // β = (0, 1) is member 2 alone
    }

    [Fact]
    public void Fit_DataDrawnFromAPooledModel_RecoversItsExponents()
    {
        // Draw characters from the pooled distribution with β* = (0.7, 1.5) over random member distributions;
        // the maximum-likelihood β of 4,000 draws lies close to β* (its standard error here is about 0.05).
        var random = new Random(11);
        double[] truth = [0.7, 1.5];
        var rows = new List<PooledRow>();
        for (int t = 0; t < 4000; t++)
        {
            double[][] members = [Normalised(random, 4), Normalised(random, 4)];
            var scores = Enumerable.Range(0, 4).Select(c => Math.Exp(truth[0] * Math.Log(members[0][c]) + truth[1] * Math.Log(members[1][c]))).ToArray();
            double u = random.NextDouble() * scores.Sum();
            int target = 0;
            for (double cumulative = scores[0]; cumulative < u && target < 3; cumulative += scores[++target])
            {
            }
            rows.Add(Row(members, target));
        }

        double[] beta = LogLinearPooling.Fit(rows, 2, 4);

        Assert.Equal(truth[0], beta[0], 0.2);
        Assert.Equal(truth[1], beta[1], 0.2);
        // The fit is a maximum: no step of 0.01 along either axis does better (finite differences).
        double best = LogLinearPooling.BitsPerCharacter(rows, beta, 4);
        foreach (double[] delta in new[] { new[] { 0.01, 0 }, [-0.01, 0], [0, 0.01], [0, -0.01] })
        {
            Assert.True(best <= LogLinearPooling.BitsPerCharacter(rows, [beta[0] + delta[0], beta[1] + delta[1]], 4) + 1e-12);
        }
    }

    private static double[] Normalised(Random random, int size)
    {
        var values = Enumerable.Range(0, size).Select(_ => 0.05 + random.NextDouble()).ToArray();
        double total = values.Sum();
        return values.Select(value => value / total).ToArray();
    }
}
