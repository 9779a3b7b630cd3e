namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>The report files of a comparison.</summary>
/// <param name="Markdown">The markdown table with the samples.</param>
/// <param name="Csv">The CSV table.</param>
/// <param name="LearningCurves">The learning-curve chart (PNG).</param>
/// <param name="FinalFigures">The bar charts of the final figures (PNG).</param>
public sealed record ComparisonFiles(string Markdown, string Csv, string LearningCurves, string FinalFigures);
