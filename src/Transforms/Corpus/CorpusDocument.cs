namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>One book (or other text) of a corpus, with its Project Gutenberg boilerplate already removed.</summary>
/// <param name="Name">Where it came from: a file name or "pg{id}".</param>
/// <param name="Text">The book's text.</param>
public sealed record CorpusDocument(string Name, string Text);
