using System.Diagnostics;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Scoring throughput (rows per second) of the whole ensemble and of each member alone, on one passage,
/// through the same batched ML.NET scoring that evaluation uses.</summary>
public static class EnsembleThroughput
{
    /// <summary>Rows per second: the ensemble (every member and the mixing), then each member alone.</summary>
    public static (double Ensemble, IReadOnlyList<double> Members) Measure(MLContext mlContext, LoadedEnsemble ensemble, string passage)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        double RowsPerSecond(LoadedEnsemble scoring)
        {
            var clock = Stopwatch.StartNew();
            double[][] rows = MemberScores.ScorePassage(mlContext, scoring, passage);
            _ = StaticMixture.BitsPerCharacter(rows, Enumerable.Repeat(1.0 / scoring.Members.Count, scoring.Members.Count).ToArray());
            return rows.Length / clock.Elapsed.TotalSeconds;
        }
        double whole = RowsPerSecond(ensemble);
        var members = ensemble.Members.Select(member => RowsPerSecond(new LoadedEnsemble(ensemble.ManifestPath, ensemble.HeldOut, [member], ensemble.Mixing))).ToArray();
        return (whole, members);
    }
}
