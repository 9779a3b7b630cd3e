namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>Column names of character-window rows, shared by the loader, featurizer, trainers and scorers.</summary>
public static class CharacterWindowColumns
{
    /// <summary>The window's context as text (N characters).</summary>
    public const string Context = "Context";

    /// <summary>The context as input values in [-1, 1], a known-size float vector of length N (what LightGBM reads).</summary>
    public const string Features = "Features";

    /// <summary>The context as character ids, a known-size int64 vector of length N (what the networks read).</summary>
    public const string CharacterIds = "CharacterIds";

    /// <summary>The character to predict, a key over the vocabulary.</summary>
    public const string Label = "Label";

    /// <summary>Class probabilities written by a scorer.</summary>
    public const string Score = "Score";

    /// <summary>The most probable class, a key over the vocabulary.</summary>
    public const string PredictedLabel = "PredictedLabel";
}
