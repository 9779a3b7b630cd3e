namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Log-linear (product) pooling: p(c) ∝ Π_m p_m(c)^β_m, i.e. a softmax of Σ_m β_m log p_m(c). The log-likelihood
/// of the validation text is concave in β (a log-linear model with the members' log-probabilities as
/// features), so Newton's method with a backtracking line search finds the maximum: gradient
/// Σ_t (log p_m(x_t) − E_q[log p_m]), Hessian −Σ_t Cov_q(log p). The weights are not constrained to be convex.
/// </summary>
public static class LogLinearPooling
{
    /// <summary>At most this many validation characters (evenly spaced) are kept for fitting.</summary>
    public const int MaxFitRows = 20_000;

    /// <summary>Newton stops when a step gains less than this (nats per character).</summary>
    public const double Tolerance = 1e-10;

    /// <summary>Fits β on <paramref name="rows"/> of <paramref name="members"/> members over <paramref name="vocabulary"/> classes.</summary>
    /// <exception cref="ArgumentException">No rows.</exception>
    public static double[] Fit(IReadOnlyList<PooledRow> rows, int members, int vocabulary, int maxIterations = 50)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("No characters to fit the pooling on.", nameof(rows));
        }
        var beta = Enumerable.Repeat(1.0 / members, members).ToArray();
        double current = MeanLogLikelihood(rows, beta, vocabulary, out double[] gradient, out double[,] hessian);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            double[] step = SolveNegated(hessian, gradient);
            double length = 1;
            double next = double.NegativeInfinity;
            double[] candidate = beta;
            for (int halving = 0; halving < 30; halving++, length /= 2)
            {
                candidate = beta.Select((value, m) => value + length * step[m]).ToArray();
                next = MeanLogLikelihood(rows, candidate, vocabulary, out _, out _);
                if (next >= current)
                {
                    break;
                }
            }
            if (next < current)
            {
                break;
            }
            beta = candidate;
            double gain = next - current;
            current = MeanLogLikelihood(rows, beta, vocabulary, out gradient, out hessian);
            if (gain < Tolerance)
            {
                break;
            }
        }
        return beta;
    }

    /// <summary>log p(target) of the pooled distribution at one row.</summary>
    public static double LogProbability(PooledRow row, IReadOnlyList<double> beta, int vocabulary)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(beta);
        var scores = Scores(row, beta, vocabulary);
        return scores[row.Target] - LogSumExp(scores);
    }

    /// <summary>Mean bits per character of the pooled distribution.</summary>
    public static double BitsPerCharacter(IReadOnlyList<PooledRow> rows, IReadOnlyList<double> beta, int vocabulary)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return -rows.Sum(row => LogProbability(row, beta, vocabulary)) / Math.Log(2) / rows.Count;
    }

    private static double MeanLogLikelihood(IReadOnlyList<PooledRow> rows, double[] beta, int vocabulary, out double[] gradient, out double[,] hessian)
    {
        int members = beta.Length;
        gradient = new double[members];
        hessian = new double[members, members];
        double total = 0;
        var expectation = new double[members];
        foreach (PooledRow row in rows)
        {
            double[] scores = Scores(row, beta, vocabulary);
            double logZ = LogSumExp(scores);
            total += scores[row.Target] - logZ;
            Array.Clear(expectation);
            var second = new double[members, members];
            for (int c = 0; c < vocabulary; c++)
            {
                double q = Math.Exp(scores[c] - logZ);
                for (int m = 0; m < members; m++)
                {
                    double feature = row.LogProbabilities[m * vocabulary + c];
                    expectation[m] += q * feature;
                    for (int n = 0; n <= m; n++)
                    {
                        second[m, n] += q * feature * row.LogProbabilities[n * vocabulary + c];
                    }
                }
            }
            for (int m = 0; m < members; m++)
            {
                gradient[m] += row.LogProbabilities[m * vocabulary + row.Target] - expectation[m];
                for (int n = 0; n <= m; n++)
                {
                    double covariance = second[m, n] - expectation[m] * expectation[n];
                    hessian[m, n] -= covariance;
                    hessian[n, m] = hessian[m, n];
                }
            }
        }
        return total / rows.Count;
    }

    private static double[] Scores(PooledRow row, IReadOnlyList<double> beta, int vocabulary)
    {
        var scores = new double[vocabulary];
        for (int m = 0; m < beta.Count; m++)
        {
            for (int c = 0; c < vocabulary; c++)
            {
                scores[c] += beta[m] * row.LogProbabilities[m * vocabulary + c];
            }
        }
        return scores;
    }

    private static double LogSumExp(double[] values)
    {
        double max = values.Max();
        return max + Math.Log(values.Sum(value => Math.Exp(value - max)));
    }

    // Solves (−H + ridge) x = g by Gaussian elimination with partial pivoting (M is the member count: tiny).
    private static double[] SolveNegated(double[,] hessian, double[] gradient)
    {
        int n = gradient.Length;
        var a = new double[n, n + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = -hessian[i, j] + (i == j ? 1e-9 : 0);
            }
            a[i, n] = gradient[i];
        }
        for (int column = 0; column < n; column++)
        {
            int pivot = Enumerable.Range(column, n - column).MaxBy(row => Math.Abs(a[row, column]));
            for (int j = 0; j <= n; j++)
            {
                (a[column, j], a[pivot, j]) = (a[pivot, j], a[column, j]);
            }
            for (int row = column + 1; row < n; row++)
            {
                double factor = a[row, column] / a[column, column];
                for (int j = column; j <= n; j++)
                {
                    a[row, j] -= factor * a[column, j];
                }
            }
        }
        var x = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = a[row, n];
            for (int j = row + 1; j < n; j++)
            {
                sum -= a[row, j] * x[j];
            }
            x[row] = sum / a[row, row];
        }
        return x;
    }
}
