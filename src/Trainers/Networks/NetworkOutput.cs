namespace LanguageInterpolation.Trainers.Networks;

/// <summary>What a <see cref="LanguageNetwork"/>'s logits predict.</summary>
public enum NetworkOutput
{
    /// <summary>(B, V): the character after the window.</summary>
    NextCharacter,

    /// <summary>(B, T, V): the character after every position of the window (sequence models trained on every position).</summary>
    EveryPosition,
}
