using System.Runtime.CompilerServices;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>The geometry of a layer's Lagrange links as the fused kernels read it: where an input falls (segment,
/// local coordinate) and the n basis values and slopes there, in the same float arithmetic as
/// <see cref="LinkGrid.Locate"/> and <see cref="LagrangeBasis.Evaluate"/>.</summary>
internal sealed class PiecewiseLinks
{
    /// <summary>The most nodes per segment the kernels take (their basis lives on the stack).</summary>
    public const int MaximumNodes = 16;

    private readonly double[] _coefficients; // C[p, j], row-major n x n: l_j(t) = sum_p C[p, j] T_p(t)

    private PiecewiseLinks(HighOrderLayerConfig config)
    {
        Inputs = config.InFeatures;
        Outputs = config.OutFeatures;
        WeightsPerLink = config.WeightsPerLink;
        Nodes = config.Nodes;
        Segments = config.EffectiveSegments;
        Stride = config.SegmentStride;
        IsPiecewise = config.IsPiecewise;
        _coefficients = LagrangeBasis.ChebyshevCoefficientsRowMajor(Nodes);
    }

    /// <summary>The kernels' view of <paramref name="config"/>, or null when they do not cover it (Fourier links, a
    /// product combination, more than <see cref="MaximumNodes"/> nodes).</summary>
    public static PiecewiseLinks? TryCreate(HighOrderLayerConfig config) =>
        config.Kind != LinkKind.Fourier && config.Combination == LinkCombination.Sum && config.Nodes <= MaximumNodes
            ? new PiecewiseLinks(config)
            : null;

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>K, the weights of one link.</summary>
    public int WeightsPerLink { get; }

    public int Nodes { get; }

    /// <summary>S (1 for polynomial links).</summary>
    public int Segments { get; }

    /// <summary>Index distance between the first weights of consecutive segments.</summary>
    public int Stride { get; }

    public bool IsPiecewise { get; }

    /// <summary>The first active weight and the local coordinate t of a (range-mapped) input, as
    /// <see cref="LinkGrid.Locate"/> computes them; a NaN input falls in segment 0 (its outputs stay NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    public int Locate(float x, out float t)
    {
        if (!IsPiecewise)
        {
            t = x;
            return 0;
        }
        float scaled = (x + 1f) * (0.5f * Segments);           // position in segment units, 0..S on [-1, 1]
        float segment = MathF.Floor(scaled);
        segment = segment >= 0f ? MathF.Min(segment, Segments - 1) : 0f; // clamp; NaN -> 0 keeps the index in range
        t = scaled * 2f - (segment * 2f + 1f);
        return (int)segment * Stride;
    }

    /// <summary>The n basis values l_j(t) into <paramref name="basis"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    public void Basis(float t, Span<float> basis)
    {
        if (Nodes == 2)
        {
            basis[0] = 0.5f + t * -0.5f;                        // the hat pair, as LagrangeBasis's one fused op
            basis[1] = 0.5f + t * 0.5f;
            return;
        }
        Evaluate(t, basis, derivative: false);
    }

    /// <summary>The n slopes dl_j/dx = S · l_j'(t) into <paramref name="slopes"/> (t = S(x+1) - 2k - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    public void Slopes(float t, Span<float> slopes)
    {
        if (Nodes == 2)
        {
            slopes[0] = -0.5f * Segments;
            slopes[1] = 0.5f * Segments;
            return;
        }
        Evaluate(t, slopes, derivative: true);
        for (int j = 0; j < Nodes; j++)
        {
            slopes[j] *= Segments;
        }
    }

    /// <summary>Sums C[p, j] T_p(t) (or T_p'(t)) in double with the Chebyshev recurrences
    /// T_(p+1) = 2t T_p - T_(p-1) and T_(p+1)' = 2 T_p + 2t T_p' - T_(p-1)'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private void Evaluate(float t, Span<float> values, bool derivative)
    {
        int n = Nodes;
        if (n == 1)
        {
            values[0] = derivative ? 0f : 1f;
            return;
        }
        double x = t, previous = 1.0, current = x, previousSlope = 0.0, currentSlope = 1.0;
        Span<double> sums = stackalloc double[MaximumNodes];
        for (int j = 0; j < n; j++)
        {
            sums[j] = derivative ? _coefficients[n + j] : _coefficients[j] + _coefficients[n + j] * x;
        }
        for (int p = 2; p < n; p++)
        {
            double next = 2.0 * x * current - previous;
            double nextSlope = 2.0 * current + 2.0 * x * currentSlope - previousSlope;
            (previous, current, previousSlope, currentSlope) = (current, next, currentSlope, nextSlope);
            double term = derivative ? currentSlope : current;
            for (int j = 0; j < n; j++)
            {
                sums[j] += _coefficients[p * n + j] * term;
            }
        }
        for (int j = 0; j < n; j++)
        {
            values[j] = (float)sums[j];
        }
    }
}
