namespace LanguageInterpolation.Trainers.Networks;

/// <summary>How a causal transformer tells positions apart (added to the token embedding).</summary>
public enum PositionEncoding
{
    /// <summary>A learned table (T, W), nanoGPT's choice: T·W parameters.</summary>
    Learned,

    /// <summary>The fixed sine/cosine table of "Attention is all you need":
    /// P[t, 2i] = sin(t / 10000^(2i/W)), P[t, 2i+1] = cos(t / 10000^(2i/W)); no parameters.</summary>
    Sinusoidal,
}
