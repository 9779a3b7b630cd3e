using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Each member's probability of every character of a passage, through the member's own fitted pipeline (any
/// trainer) run on batches of context rows: member m reads the last N_m characters before position t and its
/// distribution, projected onto the union vocabulary, gives the probability of the character at t. Positions
/// start at the longest member window, so that every member reads a full window.
/// </summary>
public static class MemberScores
{
    /// <summary>Rows [t][m] for positions <see cref="LoadedEnsemble.WindowSize"/> … end of every passage, in order.</summary>
    public static List<double[]> Score(MLContext mlContext, LoadedEnsemble ensemble, IEnumerable<string> passages, List<PooledRow>? pooled = null, int keepEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var rows = new List<double[]>();
        foreach (string passage in passages)
        {
            rows.AddRange(ScorePassage(mlContext, ensemble, passage, pooled, keepEvery));
        }
        return rows;
    }

    /// <summary>Rows [t][m] for positions <see cref="LoadedEnsemble.WindowSize"/> … end of one passage (none when
    /// the passage is not longer than the window). With <paramref name="pooled"/>, every member's whole projected
    /// distribution at every <paramref name="keepEvery"/>-th position is also added to it (for log-linear pooling).</summary>
    public static double[][] ScorePassage(MLContext mlContext, LoadedEnsemble ensemble, string passage, List<PooledRow>? pooled = null, int keepEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(passage);
        int[] targets = ensemble.Vocabulary.Encode(passage).Ids;
        string text = ensemble.Vocabulary.Decode(targets);
        int start = ensemble.WindowSize;
        int positions = Math.Max(0, targets.Length - start);
        var rows = new double[positions][];
        for (int t = 0; t < positions; t++)
        {
            rows[t] = new double[ensemble.Members.Count];
        }
        int members = ensemble.Members.Count;
        int vocabulary = ensemble.Vocabulary.Count;
        var kept = pooled is null ? [] : Enumerable.Range(0, positions).Where(t => t % keepEvery == 0)
            .ToDictionary(t => t, t => new PooledRow(new float[members * vocabulary], targets[start + t]));
        var projected = new double[vocabulary];
        for (int m = 0; m < members; m++)
        {
            int window = ensemble.Members[m].Model.Card.WindowSize;
            MemberProjection projection = ensemble.Projections[m];
            int t = 0;
            foreach (float[] probabilities in Distributions(mlContext, ensemble.Members[m],
                         Enumerable.Range(start, positions).Select(position => text.Substring(position - window, window))))
            {
                rows[t][m] = projection.Probability(probabilities, targets[start + t]);
                if (kept.TryGetValue(t, out PooledRow? row))
                {
                    projection.Project(probabilities, projected);
                    for (int c = 0; c < vocabulary; c++)
                    {
                        row.LogProbabilities[m * vocabulary + c] = (float)Math.Log(StaticMixture.Floor(projected[c]));
                    }
                }
                t++;
            }
        }
        pooled?.AddRange(kept.OrderBy(entry => entry.Key).Select(entry => entry.Value));
        return rows;
    }

    /// <summary>The member's class probabilities (its own vocabulary) for each context, in order.</summary>
    public static IEnumerable<float[]> Distributions(MLContext mlContext, LoadedMember member, IEnumerable<string> contexts)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(member);
        foreach (string[] batch in contexts.Chunk(EnsembleDefaults.ScoringBatch))
        {
            IDataView input = mlContext.Data.LoadFromEnumerable(batch.Select(context => new ContextRow { Context = context }));
            IDataView scored = member.Model.Model.Transform(input);
            foreach (ScoreRow row in mlContext.Data.CreateEnumerable<ScoreRow>(scored, reuseRowObject: false))
            {
                yield return row.Score;
            }
        }
    }

    /// <summary>A context row for the member pipelines.</summary>
    public sealed class ContextRow
    {
        /// <summary>The context text.</summary>
        [Microsoft.ML.Data.ColumnName(CharacterWindowColumns.Context)]
        public string Context { get; set; } = string.Empty;
    }

    /// <summary>A scored row.</summary>
    public sealed class ScoreRow
    {
        /// <summary>Class probabilities.</summary>
        [Microsoft.ML.Data.ColumnName(CharacterWindowColumns.Score)]
        public float[] Score { get; set; } = [];
    }
}
