using ScottPlot;

namespace LanguageInterpolation.Pipelines.Evaluation;

/// <summary>A bar chart of <see cref="ContextImportanceResult"/>: bits-per-character increase per context position, with its spread.</summary>
public static class ContextImportanceChart
{
    /// <summary>Draws the chart to a PNG file.</summary>
    public static void Save(ContextImportanceResult result, string path, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var plot = new Plot();
        for (int i = 0; i < result.Positions.Count; i++)
        {
            PositionImportance position = result.Positions[i];
            var bar = plot.Add.Bar(position.Offset, position.BitsIncrease);
            bar.Bars[0].Error = position.BitsIncreaseStandardDeviation;
        }
        plot.Title($"Permutation importance of context positions ({result.Permutations} permutation(s) each)");
        plot.XLabel("position relative to the predicted character");
        plot.YLabel("bits per character increase");
        LanguageInterpolation.Common.IO.AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));
    }
}
