namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>One member of an ensemble: a model zip written by <c>li train</c> and the source it was trained on.</summary>
/// <param name="Source">The source's name (a book, a folder, a language); unique within an ensemble.</param>
/// <param name="Model">The model zip, relative to the manifest's folder where it lies below it.</param>
/// <param name="SourceFiles">The text the member was trained on (files, folders or globs as <c>li train --book</c>
/// takes them), relative to the manifest's folder where they lie below it; its held-out blocks are the
/// ensemble's validation and test text for this source.</param>
/// <param name="Trainer">The trainer or preset that made the model (from its card).</param>
/// <param name="WindowSize">Context characters the model reads (from its card).</param>
/// <param name="ModelSha256">The model zip's SHA-256 when it joined, so that a replaced file is noticed.</param>
public sealed record EnsembleMember(
    string Source,
    string Model,
    IReadOnlyList<string> SourceFiles,
    string Trainer,
    int WindowSize,
    string ModelSha256);
