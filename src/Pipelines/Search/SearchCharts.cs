using System.Globalization;
using ScottPlot;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>The search's PNG chart: validation bits per character of every job against the job's order, and
/// against one searched field (log scale for log distributions, the choices' order for choices), one colour
/// per rung.</summary>
public static class SearchCharts
{
    /// <summary>Chart width in pixels.</summary>
    public const int Width = 1400;

    /// <summary>Chart height in pixels.</summary>
    public const int Height = 600;

    /// <summary>Draws the chart; <paramref name="plotParameter"/> picks the field (default: the first).</summary>
    public static void Save(SearchResult result, string path, string? plotParameter = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SearchParameter parameter = result.Space.Parameters.FirstOrDefault(candidate => candidate.Path == plotParameter) ?? result.Space.Parameters[0];
        var byOrder = new Plot();
        var byValue = new Plot();
        for (int rung = 0; rung < result.Rungs.Count; rung++)
        {
            var jobs = result.Records.Select((record, index) => (Record: record, Index: index + 1))
                .Where(job => job.Record.Rung == rung && double.IsFinite(job.Record.Objective))
                .ToList();
            if (jobs.Count == 0)
            {
                continue;
            }
            string legend = string.Create(CultureInfo.InvariantCulture, $"rung {rung} ({result.Rungs[rung]:G4} {result.RungUnit.ToString().ToLowerInvariant()})");
            double[] objectives = [.. jobs.Select(job => job.Record.Objective)];
            var points = byOrder.Add.ScatterPoints([.. jobs.Select(job => (double)job.Index)], objectives);
            points.LegendText = legend;
            points.MarkerSize = 8;
            double[] x = [.. jobs.Select(job => AxisValue(parameter, job.Record))];
            var valuePoints = byValue.Add.ScatterPoints(x, objectives);
            valuePoints.LegendText = legend;
            valuePoints.MarkerSize = 8;
        }
        byOrder.Title("Validation bits per character of every job");
        byOrder.XLabel("job (log order)");
        byOrder.YLabel("validation bits per character");
        byOrder.ShowLegend(Alignment.UpperRight);
        byValue.Title($"... against {parameter.Path}");
        byValue.XLabel(parameter.IsLogScale ? $"log10({parameter.Path})" : parameter.Path);
        byValue.YLabel("validation bits per character");
        if (parameter.Distribution == SearchDistribution.Choice)
        {
            byValue.Axes.Bottom.SetTicks([.. Enumerable.Range(0, parameter.Values.Count).Select(index => (double)index)],
                [.. parameter.Values.Select(SearchParameter.Describe)]);
        }
        byValue.ShowLegend(Alignment.UpperRight);
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2) };
        foreach (Plot empty in multiplot.GetPlots())
        {
            multiplot.RemovePlot(empty); // a new multiplot starts with one plot
        }
        multiplot.AddPlot(byOrder);
        multiplot.AddPlot(byValue);
        multiplot.SavePng(path, Width, Height);
    }

    private static double AxisValue(SearchParameter parameter, TrialRecord record)
    {
        double value = parameter.ToAxisValue(record.Parameters.GetValueOrDefault(parameter.Path));
        return parameter.IsLogScale ? Math.Log10(value) : value;
    }
}
