using System.Diagnostics;

namespace LanguageInterpolation.Bench.Inference;

/// <summary>Something to time: <paramref name="Call"/> does <paramref name="UnitsPerCall"/> rows or characters.</summary>
/// <param name="Path">What is measured.</param>
/// <param name="Batch">Rows per call ("1" for one window at a time).</param>
/// <param name="UnitsPerCall">Rows or characters one call does.</param>
/// <param name="Call">The work.</param>
internal sealed record Probe(string Path, string Batch, int UnitsPerCall, Action Call);

/// <summary>The rates one probe reached, one per round.</summary>
/// <param name="Path">What was measured.</param>
/// <param name="Batch">Rows per call.</param>
/// <param name="Rates">Units per second in each round.</param>
internal sealed record Measurement(string Path, string Batch, IReadOnlyList<double> Rates)
{
    /// <summary>The best round: the least disturbed by other processes on a shared machine.</summary>
    public double Best => Rates.Max();

    /// <summary>The median round.</summary>
    public double Median => Rates.Order().ElementAt(Rates.Count / 2);

    /// <summary>
    /// Warms every probe up (three calls), then runs them in turns, <paramref name="rounds"/> times, each
    /// for at least <paramref name="secondsPerTurn"/> (and three calls): on a machine shared with others,
    /// interleaving exposes every probe to the same disturbances, and the best turn shows what it can do.
    /// </summary>
    public static IReadOnlyList<Measurement> RunInterleaved(IReadOnlyList<Probe> probes, int rounds, double secondsPerTurn)
    {
        ArgumentNullException.ThrowIfNull(probes);
        foreach (Probe probe in probes)
        {
            for (int i = 0; i < 3; i++)
            {
                probe.Call();
            }
        }
        var rates = probes.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int p = 0; p < probes.Count; p++)
            {
                long calls = 0;
                var clock = Stopwatch.StartNew();
                while (calls < 3 || clock.Elapsed.TotalSeconds < secondsPerTurn)
                {
                    probes[p].Call();
                    calls++;
                }
                rates[p].Add(calls * probes[p].UnitsPerCall / clock.Elapsed.TotalSeconds);
            }
        }
        var measurements = probes.Select((probe, p) => new Measurement(probe.Path, probe.Batch, rates[p])).ToList();
        foreach (Measurement measurement in measurements)
        {
            Console.Error.WriteLine($"  {measurement.Path} (batch {measurement.Batch}): best {measurement.Best:N0}/s, median {measurement.Median:N0}/s");
        }
        return measurements;
    }
}
