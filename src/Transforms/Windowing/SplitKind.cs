namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>How windows are divided between training and evaluation.</summary>
public enum SplitKind
{
    /// <summary>Train on everything and evaluate on the training text, as the original does (memorisation).</summary>
    Memorize,

    /// <summary>Train, validation and test are contiguous blocks at the start, middle and end of every book.</summary>
    HeldOut,
}
