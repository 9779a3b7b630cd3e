using LanguageInterpolation.Common.IO;
using ScottPlot;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>A line chart of an <see cref="Attribution"/>'s trajectory: each source's posterior along the passage.</summary>
public static class AttributionChart
{
    /// <summary>Draws the chart to a PNG file (atomically).</summary>
    public static void Save(Attribution attribution, string path, int width = 900, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var plot = new Plot();
        double[] positions = Enumerable.Range(1, attribution.Trajectory.Count).Select(t => (double)t).ToArray();
        for (int m = 0; m < attribution.Sources.Count; m++)
        {
            var line = plot.Add.ScatterLine(positions, attribution.Trajectory.Select(row => row[m]).ToArray());
            line.LegendText = attribution.Sources[m];
        }
        plot.ShowLegend();
        plot.Title("Source attribution: posterior over members along the passage");
        plot.XLabel("character");
        plot.YLabel("posterior probability");
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));
    }
}
