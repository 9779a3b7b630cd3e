namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>A member to add: a source name, the model zip <c>li train</c> wrote, and the text it was trained on.</summary>
/// <param name="Source">The source's name, unique within the ensemble.</param>
/// <param name="ModelPath">The model zip.</param>
/// <param name="SourceFiles">The files, folders or globs the model was trained on (as given to <c>li train --book</c>).</param>
public sealed record MemberSpecification(string Source, string ModelPath, IReadOnlyList<string> SourceFiles);
