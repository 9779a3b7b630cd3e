using LanguageInterpolation.Pipelines.Ensembles;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class SwitchingMixtureTests
{
    private static readonly List<double[]> Rows = Enumerable.Range(0, 40)
        .Select(t => t < 20 ? new[] { 0.6, 0.1, 0.2 } : new[] { 0.05, 0.7, 0.2 }).ToList();

    private static readonly double[] Prior = [0.5, 0.3, 0.2];

    [Fact]
    public void Predict_RateOne_IsTheStaticMixture()
    {
        double[] predictions = SwitchingMixture.Predict(Rows, Prior, 1.0);

        for (int t = 0; t < Rows.Count; t++)
        {
            Assert.Equal(StaticMixture.Mix(Prior, Rows[t]), predictions[t], 12);
        }
    }

    [Fact]
    public void Predict_RateZero_IsBayesianModelAveraging()
    {
        // With no switching, the product of the predictions is the marginal likelihood Σ_m w_m Π_t p_m(x_t).
        double logProduct = SwitchingMixture.Predict(Rows, Prior, 0.0).Sum(Math.Log);
        double marginal = Enumerable.Range(0, 3).Sum(m => Prior[m] * Rows.Aggregate(1.0, (product, row) => product * row[m]));

        Assert.Equal(Math.Log(marginal), logProduct, 9);
    }

    [Fact]
    public void Posteriors_OneStep_HandComputed()
    {
        // Bayes: (0.5·0.6, 0.3·0.1, 0.2·0.2) / 0.37, then 0.9 · that + 0.1 · prior.
        double[] after = SwitchingMixture.Posteriors([Rows[0]], Prior, 0.1)[0];

        Assert.Equal(0.9 * 0.30 / 0.37 + 0.05, after[0], 12);
        Assert.Equal(0.9 * 0.03 / 0.37 + 0.03, after[1], 12);
        Assert.Equal(0.9 * 0.04 / 0.37 + 0.02, after[2], 12);
    }

    [Fact]
    public void FitRate_TextThatSwitchesSource_PrefersSwitchingOverBothEnds()
    {
        var switching = Enumerable.Range(0, 400).Select(t => (t / 50) % 2 == 0 ? new[] { 0.6, 0.05 } : new[] { 0.05, 0.6 }).ToList();

        double rate = SwitchingMixture.FitRate(switching, [0.5, 0.5]);

        Assert.InRange(rate, 1e-4, 0.5);
        Assert.True(SwitchingMixture.BitsPerCharacter(switching, [0.5, 0.5], rate) < SwitchingMixture.BitsPerCharacter(switching, [0.5, 0.5], 1.0));
        Assert.True(SwitchingMixture.BitsPerCharacter(switching, [0.5, 0.5], rate) < SwitchingMixture.BitsPerCharacter(switching, [0.5, 0.5], 0.0));
    }
}
