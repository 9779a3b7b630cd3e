namespace LanguageInterpolation.Trainers.Networks;

/// <summary>How a causal transformer tells positions apart (added to the token embedding).</summary>
public enum PositionEncoding
{
    /// <summary>A learned table (T, W), nanoGPT's choice: T·W parameters.</summary>
    Learned,

    /// <summary>The fixed sine/cosine table of "Attention is all you need":
    /// P[t, 2i] = sin(t / 10000^(2i/W)), P[t, 2i+1] = cos(t / 10000^(2i/W)); no parameters.</summary>
    Sinusoidal,

    /// <summary>Rotary (RoFormer): every head's queries and keys turned by position-dependent angles
    /// (<see cref="RotaryAngles"/>), nothing added to the tokens; no parameters. Needs an even head width.</summary>
    Rotary,
}
