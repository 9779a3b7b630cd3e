using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Measures an ensemble on every source's held-out block, or on any text.</summary>
public static class EnsembleEvaluator
{
    /// <summary>One row per member source, on its <paramref name="block"/> (the test block by default).</summary>
    public static IReadOnlyList<SourceEvaluation> EvaluateSources(MLContext mlContext, LoadedEnsemble ensemble, HeldOutBlock block = HeldOutBlock.Test)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        return ensemble.Members.Select(member => Evaluate(mlContext, ensemble, member.Member.Source,
            SourceText.Passages(member, ensemble.ManifestPath, ensemble.HeldOut, block, ensemble.WindowSize))).ToArray();
    }

    /// <summary>Measures the ensemble on <paramref name="passages"/> (each read from its start).</summary>
    /// <exception cref="InvalidDataException">No passage is longer than the longest member window.</exception>
    public static SourceEvaluation Evaluate(MLContext mlContext, LoadedEnsemble ensemble, string name, IEnumerable<string> passages)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(passages);
        MixingParameters mixing = ensemble.FittedMixing;
        var scored = passages.Select(passage => MemberScores.ScorePassage(mlContext, ensemble, passage)).Where(rows => rows.Length > 0).ToArray();
        long characters = scored.Sum(rows => (long)rows.Length);
        if (characters == 0)
        {
            throw new InvalidDataException($"The text of '{name}' is not longer than the longest member window ({ensemble.WindowSize} characters).");
        }
        double[] weights = [.. mixing.StaticWeights];
        double staticBits = scored.Sum(rows => StaticMixture.BitsPerCharacter(rows, weights) * rows.Length) / characters;
        double switchingBits = scored.Sum(rows => SwitchingMixture.BitsPerCharacter(rows, weights, mixing.SwitchingRate) * rows.Length) / characters;
        var members = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int m = 0; m < ensemble.Members.Count; m++)
        {
            members[ensemble.Members[m].Member.Source] = scored.Sum(rows => rows.Sum(row => -Math.Log2(StaticMixture.Floor(row[m])))) / characters;
        }
        return new SourceEvaluation(name, characters, staticBits, switchingBits, members);
    }
}
