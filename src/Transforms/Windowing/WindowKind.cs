namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>How a window's context relates to the character it predicts.</summary>
public enum WindowKind
{
    /// <summary>The N preceding characters predict the next one (language modelling).</summary>
    Sequence,

    /// <summary>N/2 characters on the left and N - N/2 on the right predict the middle one
    /// (the original's "centered" mode, whose right half was stuck at the text's start).</summary>
    Centered,
}
