namespace LanguageInterpolation.Trainers.Layers;

/// <summary>How the weights of a <see cref="HighOrderLayer"/> are drawn at construction (seed-study §1.8, §6.1).
/// Every draw uses the generator passed to the layer, so a fixed seed reproduces the weights.</summary>
public enum LayerInitialization
{
    /// <summary>The original's default: per link <c>c ~ U[0, WeightMagnitude/in)</c> copied to all <c>K</c> weights,
    /// so every link is the constant <c>c</c>. The network output is then independent of its input and only the last
    /// layer gets a gradient at the first step (bug §6.1). Kept for compatibility. For Fourier links the constant is
    /// put in the <c>j = 0</c> coefficient (value <c>2c</c>, since that basis function is 0.5).</summary>
    ConstantRandom,

    /// <summary>The original's <c>linear</c> init, vectorised: per link a slope <c>a ~ U(-MaxSlope, MaxSlope)</c> and an
    /// offset <c>b ~ U(-MaxOffset, MaxOffset)</c>; every node value is <c>a·x_node + b</c>, so the link is exactly the
    /// line <c>a x + b</c> on [-1, 1] for <c>n &gt;= 2</c> (a staircase sampled at segment midpoints for <c>n = 1</c>).
    /// Fourier links fall back to <see cref="Uniform"/>.</summary>
    Linear,

    /// <summary>The default. Each weight independently from <c>U(-WeightMagnitude/in, WeightMagnitude/in)</c>: small
    /// random wiggly links (a random lookup table per segment on many-segment input layers). Best of the four in the
    /// initialisation study (<c>bench/results/initialization-study.md</c>). In the original it exists but cannot be
    /// reached through its network wrappers.</summary>
    Uniform,

    /// <summary>New (fixes bug §6.1): per link the line <c>a x + b</c> with a symmetric, fan-in scaled slope
    /// <c>a ~ N(0, 1)·WeightMagnitude/sqrt(in)</c> and a small offset <c>b ~ U(-MaxOffset/in, MaxOffset/in)</c>. Every
    /// link starts input-dependent, and a layer with inputs of unit variance starts with outputs of variance about
    /// <c>WeightMagnitude²</c> (the piecewise analogue of a Kaiming/LeCun init of a linear layer). Fourier links fall
    /// back to <see cref="Uniform"/>.</summary>
    RandomSlope,
}
