using ScottPlot;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>The comparison's PNG charts, drawn with ScottPlot: learning curves (validation bits per character
/// against training seconds, one line per trainer) and bar charts of the final figures.</summary>
public static class ComparisonCharts
{
    /// <summary>Draws the learning curves: one line per trainer with an epoch history, one point for a trainer
    /// measured only at the end of its fit (LightGBM), and an optional reference line.</summary>
    public static void SaveLearningCurves(ComparisonResult result, string path, double? reference = null, string referenceLabel = "reference")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var plot = new Plot();
        foreach (ComparisonRow row in result.Rows.Where(row => row.LearningCurve.Count > 0))
        {
            double[] seconds = [.. row.LearningCurve.Select(point => point.TrainSeconds)];
            double[] bits = [.. row.LearningCurve.Select(point => point.BitsPerCharacter)];
            var line = plot.Add.Scatter(seconds, bits);
            line.LegendText = row.Name;
            line.MarkerSize = seconds.Length == 1 ? 12 : 5;
            line.LineWidth = seconds.Length == 1 ? 0 : 2;
        }
        if (reference is double level)
        {
            var line = plot.Add.HorizontalLine(level);
            line.LegendText = referenceLabel;
            line.LinePattern = LinePattern.Dashed;
        }
        plot.Title("Held-out (validation) bits per character against training time");
        plot.XLabel("training seconds");
        plot.YLabel("validation bits per character");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, ComparisonDefaults.ChartWidth, ComparisonDefaults.ChartHeight);
    }

    /// <summary>Draws four bar charts side by side: held-out bits per character, held-out accuracy, training
    /// seconds and inference rows per second, one bar per trainer.</summary>
    public static void SaveFinalFigures(ComparisonResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string[] names = [.. result.Rows.Select(row => row.Name)];
        var panels = new (string Title, double[] Values)[]
        {
            ("held-out bits per character", [.. result.Rows.Select(row => row.HeldOut.BitsPerCharacter)]),
            ("held-out accuracy", [.. result.Rows.Select(row => row.HeldOut.Accuracy)]),
            ("training seconds", [.. result.Rows.Select(row => row.TrainingTime.TotalSeconds)]),
            ("inference rows per second", [.. result.Rows.Select(row => row.Inference.RowsPerSecond)]),
        };
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2) };
        foreach (Plot empty in multiplot.GetPlots())
        {
            multiplot.RemovePlot(empty); // a new multiplot starts with one plot
        }
        foreach (var (title, values) in panels)
        {
            var plot = new Plot();
            plot.Add.Bars(values.Select(value => double.IsFinite(value) ? value : 0).ToArray());
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, names.Length).Select(index => (double)index)], names);
            plot.Axes.Margins(bottom: 0);
            plot.Title(title);
            multiplot.AddPlot(plot);
        }
        multiplot.SavePng(path, ComparisonDefaults.ChartWidth * 3 / 2, ComparisonDefaults.ChartHeight * 3 / 2);
    }
}
