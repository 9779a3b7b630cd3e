namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The family of one-dimensional function that each link (input i, output o) of a
/// <see cref="HighOrderLayer"/> learns.</summary>
/// <remarks>
/// <para>Every family is a linear combination of <c>K</c> basis functions (<see cref="HighOrderLayerConfig.WeightsPerLink"/>);
/// the weights are the coefficients. For the Lagrange families a weight is the value of the link function at one
/// Chebyshev–Lobatto node (seed-study §1.2–1.5).</para>
/// </remarks>
public enum LinkKind
{
    /// <summary>Piecewise polynomial, C0-continuous: <c>S</c> segments of degree <c>n-1</c> that share their boundary
    /// nodes, so <c>K = (n-1)S + 1</c>. Needs <c>n &gt;= 2</c>. The original's <c>continuous</c> layer.</summary>
    Continuous,

    /// <summary>Piecewise polynomial with an independent polynomial per segment (a jump is allowed at every interior
    /// boundary), so <c>K = nS</c>. With <c>n = 1</c> it is piecewise constant (no gradient reaches the input).
    /// The original's <c>discontinuous</c> layer.</summary>
    Discontinuous,

    /// <summary>One Lagrange polynomial of degree <c>n-1</c> over [-1, 1] on Chebyshev–Lobatto nodes: <c>K = n</c>;
    /// <see cref="HighOrderLayerConfig.Segments"/> is ignored. The original's <c>polynomial</c> layer.</summary>
    Polynomial,

    /// <summary>Truncated Fourier series with period 2: <c>K = n</c> basis functions, <c>j = 0</c> gives the constant
    /// 0.5, and for <c>j &gt;= 1</c> with <c>k = floor((j+1)/2)</c> odd <c>j</c> gives <c>sin(pi k x)</c> and even
    /// <c>j</c> gives <c>cos(pi k x)</c>. <see cref="HighOrderLayerConfig.Segments"/> is ignored. The original's
    /// <c>fourier</c> layer.</summary>
    Fourier,
}
