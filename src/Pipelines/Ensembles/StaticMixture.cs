namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// The static (linear) mixture p(x) = Σ_m w_m p_m(x) with convex weights fitted by expectation-maximisation on
/// validation text: with the members' probabilities of the characters that occurred, each step sets
/// w_m to the average responsibility w_m p_m(x_t) / Σ_k w_k p_k(x_t). The log-likelihood is concave in w,
/// so EM climbs to the maximum from the uniform start.
/// </summary>
public static class StaticMixture
{
    /// <summary>Probability floor, so that a member that gives a character zero cannot make the log-loss infinite.</summary>
    public const double ProbabilityFloor = 1e-12;

    /// <summary>The default most EM iterations.</summary>
    public const int DefaultMaxIterations = 1000;

    /// <summary>EM stops when the mean log-likelihood (nats per character) improves less than this.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>Fits the weights. <paramref name="probabilities"/>[t][m] is member m's probability of character t.</summary>
    /// <exception cref="ArgumentException">No characters, or rows of different lengths.</exception>
    public static double[] Fit(IReadOnlyList<double[]> probabilities, int maxIterations = DefaultMaxIterations)
    {
        int members = CheckShape(probabilities);
        var weights = Enumerable.Repeat(1.0 / members, members).ToArray();
        double previous = double.NegativeInfinity;
        var responsibility = new double[members];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(responsibility);
            double logLikelihood = 0;
            foreach (double[] row in probabilities)
            {
                double mixed = Mix(weights, row);
                logLikelihood += Math.Log(mixed);
                for (int m = 0; m < members; m++)
                {
                    responsibility[m] += weights[m] * Floor(row[m]) / mixed;
                }
            }
            for (int m = 0; m < members; m++)
            {
                weights[m] = responsibility[m] / probabilities.Count;
            }
            double mean = logLikelihood / probabilities.Count;
            if (mean - previous < Tolerance)
            {
                break;
            }
            previous = mean;
        }
        return weights;
    }

    /// <summary>The mixture's probability of one character: Σ_m w_m p_m (floored).</summary>
    public static double Mix(ReadOnlySpan<double> weights, ReadOnlySpan<double> row)
    {
        double mixed = 0;
        for (int m = 0; m < weights.Length; m++)
        {
            mixed += weights[m] * Floor(row[m]);
        }
        return mixed;
    }

    /// <summary>Mean bits per character of the mixture with <paramref name="weights"/>.</summary>
    public static double BitsPerCharacter(IReadOnlyList<double[]> probabilities, ReadOnlySpan<double> weights)
    {
        CheckShape(probabilities);
        double bits = 0;
        foreach (double[] row in probabilities)
        {
            bits -= Math.Log2(Mix(weights, row));
        }
        return bits / probabilities.Count;
    }

    internal static double Floor(double probability) => Math.Max(probability, ProbabilityFloor);

    internal static int CheckShape(IReadOnlyList<double[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count == 0)
        {
            throw new ArgumentException("No characters to fit or measure the mixture on.", nameof(probabilities));
        }
        int members = probabilities[0].Length;
        if (members == 0 || probabilities.Any(row => row.Length != members))
        {
            throw new ArgumentException("Every character needs one probability per member.", nameof(probabilities));
        }
        return members;
    }
}
