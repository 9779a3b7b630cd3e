namespace LanguageInterpolation.Trainers.Layers;

/// <summary>What a <see cref="HighOrderLayer"/> does with inputs outside its domain [-1, 1]. The policy is applied to
/// the input before the segment lookup.</summary>
public enum OutOfRangePolicy
{
    /// <summary>As the original: the segment index is clamped to the first or last segment and the local coordinate
    /// <c>t</c> goes outside [-1, 1], so the edge polynomial is extrapolated. For <c>n = 2</c> this is a linear
    /// continuation that keeps a non-zero input gradient; for larger <c>n</c> it grows like <c>|x|^(n-1)</c>.
    /// Polynomial and Fourier links are evaluated at <c>x</c> as is.</summary>
    Extrapolate,

    /// <summary>Clamp <c>x</c> to [-1, 1]: the link is constant outside the domain and its input gradient there is
    /// zero.</summary>
    Clamp,

    /// <summary>The original's <c>make_periodic</c> with period <c>p = 2</c>: a triangle-wave fold
    /// <c>x -&gt; 1 - |((x + 1) mod 4) - 2|</c> that leaves [-1, 1] unchanged and mirrors everything else back
    /// into it.</summary>
    MirrorFold,
}
