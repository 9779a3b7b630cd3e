using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>Anything that gives next-character probabilities for one context window.</summary>
public interface ICharacterScorer
{
    /// <summary>The model's vocabulary.</summary>
    CharacterVocabulary Vocabulary { get; }

    /// <summary>Context characters the model reads.</summary>
    int WindowSize { get; }

    /// <summary>Writes the probability of every class for the window of class ids <paramref name="context"/>
    /// (length <see cref="WindowSize"/>) into <paramref name="probabilities"/> (length vocabulary size).</summary>
    void Score(ReadOnlySpan<int> context, Span<float> probabilities);
}
