using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Source attribution: the posterior over members for a passage, and its accuracy on held-out passages.</summary>
public static class SourceAttribution
{
    /// <summary>Attributes <paramref name="passage"/> (its characters after the longest member window are scored).</summary>
    /// <exception cref="InvalidDataException">The passage is not longer than the longest member window.</exception>
    public static Attribution Attribute(MLContext mlContext, LoadedEnsemble ensemble, string passage)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        double[][] rows = MemberScores.ScorePassage(mlContext, ensemble, passage);
        if (rows.Length == 0)
        {
            throw new InvalidDataException($"The passage has {passage.Length} characters; it must be longer than the longest member window ({ensemble.WindowSize}).");
        }
        return FromRows(ensemble.Members.Select(member => member.Member.Source).ToArray(), rows, ensemble.FittedMixing.SwitchingRate);
    }

    /// <summary>The attribution of scored rows [t][m].</summary>
    public static Attribution FromRows(IReadOnlyList<string> sources, IReadOnlyList<double[]> rows, double switchingRate)
    {
        ArgumentNullException.ThrowIfNull(sources);
        int members = StaticMixture.CheckShape(rows);
        var logLikelihood = new double[members];
        foreach (double[] row in rows)
        {
            for (int m = 0; m < members; m++)
            {
                logLikelihood[m] += Math.Log(StaticMixture.Floor(row[m]));
            }
        }
        var uniform = Enumerable.Repeat(1.0 / members, members).ToArray();
        return new Attribution(
            sources,
            rows.Count,
            logLikelihood.Select(total => -total / Math.Log(2) / rows.Count).ToArray(),
            Softmax(logLikelihood),
            SwitchingMixture.Posteriors(rows, uniform, switchingRate));
    }

    /// <summary>
    /// Attribution accuracy: every source's test block is cut into consecutive passages of
    /// <paramref name="passageLength"/> scored characters (at most <paramref name="maxPassagesPerSource"/>), each
    /// attributed to its most probable source. Counts[true][predicted], in member order.
    /// </summary>
    public static int[][] Confusion(MLContext mlContext, LoadedEnsemble ensemble, int passageLength, int maxPassagesPerSource)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(passageLength);
        int members = ensemble.Members.Count;
        var counts = Enumerable.Range(0, members).Select(_ => new int[members]).ToArray();
        var sources = ensemble.Members.Select(member => member.Member.Source).ToArray();
        for (int truth = 0; truth < members; truth++)
        {
            List<double[]> rows = MemberScores.Score(mlContext, ensemble,
                SourceText.Passages(ensemble.Members[truth], ensemble.ManifestPath, ensemble.HeldOut, HeldOutBlock.Test, ensemble.WindowSize));
            for (int start = 0, taken = 0; start + passageLength <= rows.Count && taken < maxPassagesPerSource; start += passageLength, taken++)
            {
                Attribution attribution = FromRows(sources, rows.GetRange(start, passageLength), 0);
                counts[truth][Array.IndexOf(sources, attribution.MostLikelySource)]++;
            }
        }
        return counts;
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var exp = logits.Select(logit => Math.Exp(logit - max)).ToArray();
        double total = exp.Sum();
        return exp.Select(value => value / total).ToArray();
    }
}
