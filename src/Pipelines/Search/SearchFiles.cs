namespace LanguageInterpolation.Pipelines.Search;

/// <summary>The report files of a search.</summary>
/// <param name="BestPreset">The best trial as a preset file (<c>train --trainer</c> reads it); null when no job finished.</param>
/// <param name="Markdown">The markdown table of trials.</param>
/// <param name="Chart">The PNG chart of the trials.</param>
public sealed record SearchFiles(string? BestPreset, string Markdown, string Chart);
