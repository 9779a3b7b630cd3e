namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// A Bayesian mixture whose member weights follow the text (fixed-share switching, Herbster and Warmuth 1998):
/// the posterior π starts at the prior w (the static weights), predicts p(x_t) = Σ_m π_m p_m(x_t), is updated by
/// Bayes' rule π'_m ∝ π_m p_m(x_t) after every character, then forgets towards the prior,
/// π ← (1 - α) π' + α w. With α = 0 it is Bayesian model averaging (the posterior settles on one source);
/// with α = 1 it is the static mixture; in between it can move from one source to another as the text does.
/// α is fitted on validation text by a search over a logarithmic grid.
/// </summary>
public static class SwitchingMixture
{
    /// <summary>The switching rates tried when fitting: 0, 10^-6 … 10^-0.5 in half decades, and 1.</summary>
    public static IReadOnlyList<double> CandidateRates { get; } =
        [0.0, .. Enumerable.Range(0, 12).Select(step => Math.Pow(10, -6 + 0.5 * step)), 1.0];

    /// <summary>The mixture's probability of every character, in order, starting from the prior.</summary>
    public static double[] Predict(IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior, double rate)
    {
        int members = StaticMixture.CheckShape(probabilities);
        CheckPrior(prior, members);
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The switching rate must be in [0, 1].");
        }
        var posterior = prior.ToArray();
        var predictions = new double[probabilities.Count];
        for (int t = 0; t < probabilities.Count; t++)
        {
            double[] row = probabilities[t];
            double mixed = StaticMixture.Mix(posterior, row);
            predictions[t] = mixed;
            Update(posterior, row, mixed, prior, rate);
        }
        return predictions;
    }

    /// <summary>The posterior over members after every character (row t: after reading character t).</summary>
    public static double[][] Posteriors(IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior, double rate)
    {
        int members = StaticMixture.CheckShape(probabilities);
        CheckPrior(prior, members);
        var posterior = prior.ToArray();
        var rows = new double[probabilities.Count][];
        for (int t = 0; t < probabilities.Count; t++)
        {
            Update(posterior, probabilities[t], StaticMixture.Mix(posterior, probabilities[t]), prior, rate);
            rows[t] = (double[])posterior.Clone();
        }
        return rows;
    }

    /// <summary>Mean bits per character of the switching mixture.</summary>
    public static double BitsPerCharacter(IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior, double rate) =>
        -Predict(probabilities, prior, rate).Sum(Math.Log2) / probabilities.Count;

    /// <summary>The candidate rate with the fewest bits per character on <paramref name="probabilities"/>.</summary>
    public static double FitRate(IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior) =>
        CandidateRates.MinBy(rate => BitsPerCharacter(probabilities, prior, rate));

    // Bayes' rule, then the forgetting step: π ← (1 - α) π ∘ p / Σ π ∘ p + α w.
    private static void Update(double[] posterior, double[] row, double mixed, IReadOnlyList<double> prior, double rate)
    {
        for (int m = 0; m < posterior.Length; m++)
        {
            posterior[m] = (1 - rate) * posterior[m] * StaticMixture.Floor(row[m]) / mixed + rate * prior[m];
        }
    }

    private static void CheckPrior(IReadOnlyList<double> prior, int members)
    {
        ArgumentNullException.ThrowIfNull(prior);
        if (prior.Count != members || Math.Abs(prior.Sum() - 1) > 1e-6 || prior.Any(weight => weight < 0))
        {
            throw new ArgumentException($"The prior must be {members} non-negative weights summing to 1.", nameof(prior));
        }
    }
}
