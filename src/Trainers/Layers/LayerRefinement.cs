using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>p-refinement (more nodes per segment), h-refinement (more segments) and smoothing of trained
/// <see cref="HighOrderLayer"/>s (seed-study §1.13), vectorised over all links.</summary>
/// <remarks>
/// <para>Both refinements resample the old link functions at the new layer's nodes: new weight q' is the old function
/// evaluated at node q' (inside one designated old segment), i.e. <c>W' = M · W</c> with a (K', K) matrix
/// <c>M[q', k·stride + m] = l_m(t_q')</c> applied to all (in, out) links at once. Since the Lagrange weights are
/// function values, the result is exact whenever the old polynomial piece owning a new segment has degree ≤ the new
/// degree: p-refinement with <c>newNodes &gt;= n</c>, h-refinement with nested segments.</para>
/// <para>The refined layer has the same name, device and dtype as the old one; the old layer is left unchanged.</para>
/// </remarks>
public static class LayerRefinement
{
    /// <summary>p-refinement: a layer with <paramref name="newNodes"/> nodes per segment and the same segments whose
    /// links interpolate the old ones at the new Lobatto nodes of each segment. Exact when
    /// <c>newNodes &gt;= n</c>; an interpolating approximation otherwise. For Fourier links the coefficients are
    /// copied (new ones are zero), which is exact when <c>newNodes &gt;= n</c> and a truncation otherwise.</summary>
    /// <param name="layer">The layer to refine.</param>
    /// <param name="newNodes">The new <c>n</c> (≥ 1; ≥ 2 for continuous links).</param>
    /// <returns>A new layer.</returns>
    /// <exception cref="ArgumentException"><paramref name="newNodes"/> is invalid for the layer's kind.</exception>
    public static HighOrderLayer RefineNodes(HighOrderLayer layer, int newNodes)
    {
        ArgumentNullException.ThrowIfNull(layer);
        HighOrderLayerConfig target = layer.Config with { Nodes = newNodes };
        target.Validate();
        if (target.Kind == LinkKind.Fourier)
        {
            return Rebuild(layer, target, TruncatedOrPadded(layer, target));
        }
        return Rebuild(layer, target, Resampled(layer, target));
    }

    /// <summary>h-refinement: a layer with <paramref name="newSegments"/> segments and the same <c>n</c>. Each new
    /// segment must lie inside one old segment (<paramref name="newSegments"/> a multiple of the old <c>S</c>, e.g.
    /// 3 → 9, 2 → 12); the new nodes are then filled from that old segment's polynomial, so the refinement is exact,
    /// for discontinuous links too (every new segment sits on one side of each old jump, so no node is ambiguous;
    /// the original refuses discontinuous layers). A polynomial layer becomes a continuous layer (discontinuous
    /// piecewise constant when <c>n = 1</c>) with any number of segments.</summary>
    /// <param name="layer">The layer to refine.</param>
    /// <param name="newSegments">The new <c>S</c>.</param>
    /// <returns>A new layer.</returns>
    /// <exception cref="ArgumentException">The new segmentation does not nest in the old one.</exception>
    /// <exception cref="NotSupportedException">Fourier links have no segments.</exception>
    public static HighOrderLayer RefineSegments(HighOrderLayer layer, int newSegments)
    {
        ArgumentNullException.ThrowIfNull(layer);
        HighOrderLayerConfig source = layer.Config;
        ArgumentOutOfRangeException.ThrowIfLessThan(newSegments, 1);
        HighOrderLayerConfig target = source.Kind switch
        {
            LinkKind.Fourier => throw new NotSupportedException("Fourier links have no segments to refine."),
            LinkKind.Polynomial => source with
            {
                Kind = source.Nodes >= 2 ? LinkKind.Continuous : LinkKind.Discontinuous,
                Segments = newSegments,
            },
            _ => source with { Segments = newSegments },
        };
        int oldSegments = source.EffectiveSegments;
        if (newSegments % oldSegments != 0)
        {
            throw new ArgumentException(
                $"Cannot refine {oldSegments} segments into {newSegments}: h-refinement is exact only when every new segment lies inside one old segment, so the new count must be a multiple of the old one (e.g. {oldSegments} -> {2 * oldSegments} or {3 * oldSegments}).",
                nameof(newSegments));
        }
        target.Validate();
        return Rebuild(layer, target, Resampled(layer, target));
    }

    /// <summary>Moves the two values at each interior jump of a discontinuous layer toward each other by
    /// <c>factor/2</c> of their difference each: <c>L += factor/2 · (R - L)</c>, <c>R -= factor/2 · (R - L)</c>.
    /// Factor 1 makes the layer continuous, 0 leaves it unchanged. In place, all links at once. Continuous, polynomial
    /// and Fourier layers have no interior jumps and are left unchanged.</summary>
    /// <param name="layer">The layer to smooth.</param>
    /// <param name="factor">In [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">A piecewise constant layer (n = 1) has one value per segment, which is
    /// both ends of its jumps; smoothing it is not defined.</exception>
    public static void SmoothDiscontinuities(HighOrderLayer layer, double factor)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!(factor >= 0.0 && factor <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The smoothing factor must be in [0, 1].");
        }
        HighOrderLayerConfig config = layer.Config;
        if (config.Kind != LinkKind.Discontinuous || config.Segments == 1)
        {
            return;
        }
        if (config.Nodes == 1)
        {
            throw new ArgumentException("A piecewise constant layer (Nodes = 1) has a single value per segment; its jumps cannot be smoothed without changing the neighbouring jumps. Refine it to Nodes >= 2 first.", nameof(layer));
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int n = config.Nodes;
        Tensor segments = layer.Weight.view(config.InFeatures, config.Segments, n, config.OutFeatures); // (in, S, n, out)
        Tensor left = segments[.., ..^1, n - 1, ..];                                                       // (in, S-1, out): last node of segments 0..S-2
        Tensor right = segments[.., 1.., 0, ..];                                                           // (in, S-1, out): first node of segments 1..S-1
        using Scalar half = 0.5 * factor;
        Tensor step = (right - left) * half;                                                               // (in, S-1, out)
        left.add_(step, One);
        right.sub_(step);
    }

    /// <summary>The old link functions sampled at the target's nodes: (in, K', out).</summary>
    private static Tensor Resampled(HighOrderLayer layer, HighOrderLayerConfig target)
    {
        using var scope = NewDisposeScope();
        Tensor sampling = SamplingMatrix(layer.Config, target, layer.Weight.dtype, layer.Weight.device); // (K', K)
        Tensor weight = matmul(sampling, layer.Weight.detach());                                          // (in, K', out)
        return weight.MoveToOuterDisposeScope();
    }

    /// <summary><c>M[q', k·stride + m] = l_m(t)</c>: new node q' at global position x lies in old segment k (the one
    /// containing its new segment) at old local coordinate <c>t = S(x+1) - 2k - 1</c>.</summary>
    private static Tensor SamplingMatrix(HighOrderLayerConfig source, HighOrderLayerConfig target, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        int newWeights = target.WeightsPerLink;
        int oldSegments = source.EffectiveSegments;
        int refinement = target.EffectiveSegments / oldSegments;
        double[] newLocal = LagrangeBasis.ChebyshevLobattoNodes(target.Nodes);
        var localCoordinate = new double[newWeights];
        var firstOldWeight = new long[newWeights];
        for (int q = 0; q < newWeights; q++)
        {
            (int newSegment, int node) = LinkGrid.SegmentOfWeight(target, q);
            int oldSegment = newSegment / refinement;
            double x = -1.0 + (2.0 * newSegment + newLocal[node] + 1.0) / target.EffectiveSegments;
            localCoordinate[q] = oldSegments * (x + 1.0) - 2.0 * oldSegment - 1.0;
            firstOldWeight[q] = (long)oldSegment * (source.IsPiecewise ? source.SegmentStride : 0);
        }
        Tensor basis = LagrangeBasis.Evaluate(tensor(localCoordinate, dtype: ScalarType.Float64), source.Nodes);  // (K', n)
        Tensor columns = tensor(firstOldWeight).unsqueeze(1).add(Range(source.Nodes), One);                       // (K', n)
        Tensor sampling = zeros([newWeights, source.WeightsPerLink], dtype: ScalarType.Float64)
            .scatter_(1, columns, basis);                                                                          // (K', K)
        return sampling.to(dtype, device).MoveToOuterDisposeScope();
    }

    /// <summary>Fourier coefficients copied into the target size (zeros for new frequencies).</summary>
    private static Tensor TruncatedOrPadded(HighOrderLayer layer, HighOrderLayerConfig target)
    {
        using var scope = NewDisposeScope();
        HighOrderLayerConfig source = layer.Config;
        long kept = Math.Min(source.Nodes, target.Nodes);
        Tensor weight = zeros([target.InFeatures, target.WeightsPerLink, target.OutFeatures], dtype: layer.Weight.dtype, device: layer.Weight.device);
        weight[.., ..(int)kept, ..] = layer.Weight.detach()[.., ..(int)kept, ..];
        return weight.MoveToOuterDisposeScope();
    }

    private static HighOrderLayer Rebuild(HighOrderLayer layer, HighOrderLayerConfig target, Tensor weight)
    {
        using (weight)
        {
            return new HighOrderLayer(layer.GetName(), target, weight); // copies weight, keeping its device and dtype
        }
    }

    /// <summary>The link kind of a layer after its segments are split as <see cref="RefineSegments"/> does: a single
    /// polynomial split into segments becomes piecewise (continuous with n at least 2, else discontinuous).</summary>
    public static LinkKind KindAfterSplit(LinkKind kind, int nodes, int? segments) =>
        segments is not null && kind == LinkKind.Polynomial
            ? nodes >= 2 ? LinkKind.Continuous : LinkKind.Discontinuous
            : kind;
}
