namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>How fast a fitted pipeline scored a set of rows.</summary>
/// <param name="Meter">The name of the meter that measured it.</param>
/// <param name="Rows">Rows scored in the timed pass.</param>
/// <param name="Elapsed">Wall time of the timed pass.</param>
public sealed record InferenceMeasurement(string Meter, long Rows, TimeSpan Elapsed)
{
    /// <summary>Rows scored per second (0 when nothing was timed).</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}
