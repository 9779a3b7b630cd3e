using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Where the weights of a link sit on [-1, 1] and which of them an input activates.</summary>
/// <remarks>
/// Segment lookup (seed-study §1.3), for <c>x</c> after the range policy: <c>k = clamp(floor((x+1) S/2), 0, S-1)</c>,
/// local coordinate <c>t = S (x+1) - 2k - 1</c> (in [-1, 1] when x is; outside it the edge segment extrapolates),
/// first active weight <c>k · stride</c> with stride <c>n-1</c> (continuous) or <c>n</c> (discontinuous). Polynomial
/// and Fourier links have one segment and <c>t = x</c>.
/// </remarks>
public static class LinkGrid
{
    /// <summary>The global position on [-1, 1] of each of the <c>K</c> weights of a Lagrange link (the node where
    /// the weight is the function value). Node <c>j</c> of segment <c>k</c> sits at <c>-1 + (2k + X_j + 1)/S</c>.
    /// For Fourier links (no nodes) the Lobatto nodes of <c>n</c> are returned.</summary>
    /// <param name="config">The layer configuration.</param>
    /// <returns><c>K</c> positions, ascending (shared boundary nodes once for continuous links).</returns>
    public static double[] NodePositions(HighOrderLayerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double[] local = LagrangeBasis.ChebyshevLobattoNodes(config.Nodes);
        int segments = config.EffectiveSegments;
        var positions = new double[config.WeightsPerLink];
        for (int q = 0; q < positions.Length; q++)
        {
            (int segment, int node) = SegmentOfWeight(config, q);
            positions[q] = -1.0 + (2.0 * segment + local[node] + 1.0) / segments;
        }
        return positions;
    }

    /// <summary>The segment that owns weight <paramref name="q"/> and its node index in that segment. A boundary
    /// node shared by two continuous segments is reported in the right-hand one, except the last node.</summary>
    internal static (int Segment, int Node) SegmentOfWeight(HighOrderLayerConfig config, int q)
    {
        if (!config.IsPiecewise)
        {
            return (0, q);
        }
        int segment = Math.Min(q / config.SegmentStride, config.Segments - 1);
        return (segment, q - segment * config.SegmentStride);
    }

    /// <summary>The first active weight index and the local coordinate of every input.</summary>
    /// <param name="x">Inputs (already range-mapped), any shape; differentiable.</param>
    /// <param name="config">The layer configuration.</param>
    /// <returns><c>FirstWeight</c>: int64, same shape as <paramref name="x"/>, the index in 0..K-1 of the weight at
    /// local node 0 of the active segment; <c>T</c>: the local coordinate, same shape, dtype and device.</returns>
    public static (Tensor FirstWeight, Tensor T) Locate(Tensor x, HighOrderLayerConfig config)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(config);
        if (!config.IsPiecewise)
        {
            return (zeros_like(x, dtype: ScalarType.Int64), x.alias());
        }
        using var scope = NewDisposeScope();
        int segments = config.Segments;
        // Scalars held for the native calls: an implicit temporary one can be finalised during the call under load.
        using Scalar one = 1.0, two = 2.0, halfSegments = 0.5 * segments, first = 0.0, last = (double)(segments - 1), stride = (long)config.SegmentStride;
        Tensor scaled = x.add(one, one).mul_(halfSegments);                // (x+1) S/2: position in segment units, 0..S on [-1, 1]
        Tensor segment = scaled.detach().floor().clamp_(first, last);       // active segment k (no gradient through k)
        Tensor t = scaled.mul(two).sub_(segment.mul(two).add_(one, one));     // t = S(x+1) - (2k + 1), in [-1, 1] inside the segment
        Tensor firstWeight = segment.to(ScalarType.Int64).mul_(stride);
        return (firstWeight.MoveToOuterDisposeScope(), t.MoveToOuterDisposeScope());
    }
}
