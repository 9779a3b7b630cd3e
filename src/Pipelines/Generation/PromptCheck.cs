using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// What a vocabulary makes of a prompt. A prompt that gives the model nothing to read (empty, or no
/// character the vocabulary can represent) only makes it continue a window of padding spaces, so callers
/// refuse it (<see cref="ThrowIfUnusable"/>); a prompt that loses some characters deserves a warning
/// (<see cref="Warning"/>).
/// </summary>
/// <param name="Characters">Characters of the prompt.</param>
/// <param name="UsableIds">Ids the model reads from it (unknown-symbol ids excluded).</param>
/// <param name="Unrepresentable">Characters neither in the vocabulary nor transliterable: dropped (ASCII)
/// or read as the unknown symbol (corpus vocabulary).</param>
/// <param name="Ids">Ids the prompt encodes to (what the model's window receives, before truncation).</param>
public sealed record PromptCheck(int Characters, int UsableIds, int Unrepresentable, int Ids)
{
    /// <summary>Encodes <paramref name="prompt"/> as <see cref="TextGenerator"/> does and counts what is lost.</summary>
    public static PromptCheck Inspect(CharacterVocabulary vocabulary, string prompt)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(prompt);
        EncodedText encoded = vocabulary.Encode(prompt);
        int unknownIds = vocabulary.UnknownId is int unknown ? encoded.Ids.Count(id => id == unknown) : 0;
        return new PromptCheck(prompt.Length, encoded.Ids.Length - unknownIds, encoded.Unrepresentable, encoded.Ids.Length);
    }

    /// <summary>Throws when the prompt is empty or has no character the vocabulary represents.</summary>
    /// <exception cref="ArgumentException">The prompt would generate from padding alone.</exception>
    public void ThrowIfUnusable(CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (Characters == 0)
        {
            throw new ArgumentException("The prompt is empty: the model would continue a window of spaces. Give it some text to continue.");
        }
        if (UsableIds == 0)
        {
            throw new ArgumentException($"No character of the prompt is in the model's {Describe(vocabulary)}: the model would continue a window of spaces. Give it text in the book's alphabet.");
        }
    }

    /// <summary>A one-line warning when some prompt characters are lost, else null.</summary>
    public string? Warning(CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (Unrepresentable == 0)
        {
            return null;
        }
        string fate = vocabulary.UnknownId is null ? "dropped" : "read as the unknown symbol";
        return $"warning: {Unrepresentable} of the prompt's {Characters} characters are not in the model's {Describe(vocabulary)} and were {fate}.";
    }

    /// <summary>A one-line notice when the prompt is longer than the model's context: generation reads only its most
    /// recent <paramref name="windowSize"/> characters; else null.</summary>
    public string? ContextNotice(int windowSize) => Ids > windowSize
        ? $"note: the prompt has {Ids} characters but the model reads {windowSize}: it continues from the most recent {windowSize}."
        : null;

    private static string Describe(CharacterVocabulary vocabulary) =>
        $"{vocabulary.Kind.ToString().ToLowerInvariant()} vocabulary ({vocabulary.Count} classes)";
}
