using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Measures an ensemble on every source's held-out block, or on any text, optionally next to a
/// reference model scored on the same characters.</summary>
public static class EnsembleEvaluator
{
    /// <summary>One row per member source, on its <paramref name="block"/> (the test block by default).</summary>
    public static IReadOnlyList<SourceEvaluation> EvaluateSources(MLContext mlContext, LoadedEnsemble ensemble, HeldOutBlock block = HeldOutBlock.Test, LoadedMember? reference = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        return ensemble.Members.Select(member => Evaluate(mlContext, ensemble, member.Member.Source,
            SourceText.Passages(member, ensemble.ManifestPath, ensemble.HeldOut, block, Math.Max(ensemble.WindowSize, reference?.Model.Card.WindowSize ?? 0)), reference)).ToArray();
    }

    /// <summary>Measures the ensemble on <paramref name="passages"/> (each read from its start).</summary>
    /// <exception cref="InvalidDataException">No passage is longer than the longest member window.</exception>
    public static SourceEvaluation Evaluate(MLContext mlContext, LoadedEnsemble ensemble, string name, IEnumerable<string> passages, LoadedMember? reference = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(passages);
        MixingParameters mixing = ensemble.FittedMixing;
        int members = ensemble.Members.Count;
        // The reference is scored as one more column, so that it reads exactly the same characters.
        LoadedEnsemble scoring = reference is null ? ensemble
            : new LoadedEnsemble(ensemble.ManifestPath, ensemble.HeldOut, [.. ensemble.Members, reference], mixing);
        List<PooledRow>? pooled = mixing.LogLinearWeights is null ? null : [];
        var scored = passages.Select(passage => MemberScores.ScorePassage(mlContext, scoring, passage, pooled)).Where(rows => rows.Length > 0).ToArray();
        long characters = scored.Sum(rows => (long)rows.Length);
        if (characters == 0)
        {
            throw new InvalidDataException($"The text of '{name}' is not longer than the longest member window ({scoring.WindowSize} characters).");
        }
        double Bits(int column) => scored.Sum(rows => rows.Sum(row => -Math.Log2(StaticMixture.Floor(row[column])))) / characters;
        var mixed = scored.Select(rows => rows.Select(row => row[..members]).ToArray()).ToArray();
        double[] weights = [.. mixing.StaticWeights];
        double staticBits = mixed.Sum(rows => StaticMixture.BitsPerCharacter(rows, weights) * rows.Length) / characters;
        double switchingBits = mixed.Sum(rows => SwitchingMixture.BitsPerCharacter(rows, weights, mixing.SwitchingRate) * rows.Length) / characters;
        var memberBits = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int m = 0; m < members; m++)
        {
            memberBits[ensemble.Members[m].Member.Source] = Bits(m);
        }
        // The reference column, if any, gets exponent 0: it reads along but does not take part in the pooling.
        double? logLinearBits = pooled is null ? null
            : LogLinearPooling.BitsPerCharacter(pooled, [.. mixing.LogLinearWeights!, .. reference is null ? Array.Empty<double>() : [0.0]], scoring.Vocabulary.Count);
        return new SourceEvaluation(name, characters, staticBits, switchingBits, memberBits, reference is null ? null : Bits(members), logLinearBits);
    }
}
