namespace LanguageInterpolation.Pipelines.Search;

/// <summary>Which preset fields an override may not set, and why (for the error message).</summary>
/// <param name="Fixed">Dotted field paths that stay as they are.</param>
/// <param name="Reason">Says why, after the path: "network.type: {Reason}".</param>
public sealed record PresetFieldRules(IReadOnlySet<string> Fixed, string Reason);
