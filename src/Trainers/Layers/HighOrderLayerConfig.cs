namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The shape and options of one <see cref="HighOrderLayer"/>: <see cref="InFeatures"/> ×
/// <see cref="OutFeatures"/> links, each a learnable 1-D function of the given <see cref="Kind"/>.</summary>
/// <remarks>
/// <para>Immutable; call <see cref="Validate"/> (the layer constructor does) to get every bad field named at once.</para>
/// <para>Deviations from the original: the initialisation default is <see cref="LayerInitialization.Uniform"/>
/// instead of the input-independent constant init (bug §6.1; see <see cref="Initialization"/>), the range policy is
/// explicit, and there is no unused <c>length</c>, <c>scale</c> or <c>rescale_output</c> option (§1.9, §6.13).</para>
/// </remarks>
public sealed record HighOrderLayerConfig
{
    /// <summary>Number of inputs (<c>in</c>).</summary>
    public int InFeatures { get; init; }

    /// <summary>Number of outputs (<c>out</c>).</summary>
    public int OutFeatures { get; init; }

    /// <summary>The function family of every link.</summary>
    /// <value>Default <see cref="LinkKind.Continuous"/>.</value>
    public LinkKind Kind { get; init; } = HighOrderLayerDefaults.Kind;

    /// <summary>Nodes per segment <c>n</c> (polynomial degree <c>n-1</c>); for <see cref="LinkKind.Fourier"/> the
    /// number of basis functions.</summary>
    /// <value>Default 2 (piecewise linear).</value>
    public int Nodes { get; init; } = HighOrderLayerDefaults.Nodes;

    /// <summary>Segments <c>S</c> over [-1, 1]; ignored (treated as 1) by <see cref="LinkKind.Polynomial"/> and
    /// <see cref="LinkKind.Fourier"/>.</summary>
    /// <value>Default 2.</value>
    public int Segments { get; init; } = HighOrderLayerDefaults.Segments;

    /// <summary>What happens to inputs outside [-1, 1].</summary>
    /// <value>Default <see cref="OutOfRangePolicy.Extrapolate"/>: it is the original's behaviour (so results are
    /// comparable), for the common <c>n = 2</c> it is a linear continuation whose input gradient stays non-zero
    /// (<see cref="OutOfRangePolicy.Clamp"/> would cut the gradient, <see cref="OutOfRangePolicy.MirrorFold"/> would
    /// make large activations alias small ones), and with a normalisation between layers inputs rarely leave the
    /// range anyway.</value>
    public OutOfRangePolicy Range { get; init; } = HighOrderLayerDefaults.Range;

    /// <summary>How the weights are drawn.</summary>
    /// <value>Default <see cref="LayerInitialization.Uniform"/>: in the initialisation study
    /// (<c>bench/results/initialization-study.md</c>: a C16→32 S128, LN, C32→32, LN, C32→128 stack on 20 k characters,
    /// 10 epochs, 3 seeds) it reached the lowest training loss with Adam (1.64 nats; ConstantRandom 1.88, RandomSlope 1.97) and
    /// tied best with Lion; every layer gets a gradient from the first step (unlike the original's constant init,
    /// bug §6.1), and on a many-segment input layer the independent node values act as a random lookup table per
    /// character, whereas lines order the characters by code.</value>
    public LayerInitialization Initialization { get; init; } = HighOrderLayerDefaults.Initialization;

    /// <summary>Scale of the <see cref="LayerInitialization.ConstantRandom"/> and <see cref="LayerInitialization.Uniform"/>
    /// draws (divided by <see cref="InFeatures"/>) and the gain of <see cref="LayerInitialization.RandomSlope"/>.</summary>
    /// <value>Default 1.0.</value>
    public double WeightMagnitude { get; init; } = HighOrderLayerDefaults.WeightMagnitude;

    /// <summary>Slopes of <see cref="LayerInitialization.Linear"/> are drawn from <c>U(-MaxSlope, MaxSlope)</c>.</summary>
    /// <value>Default 0.5 (the original's <c>initialize.max_slope</c>).</value>
    public double MaxSlope { get; init; } = HighOrderLayerDefaults.MaxSlope;

    /// <summary>Offsets of <see cref="LayerInitialization.Linear"/> are drawn from <c>U(-MaxOffset, MaxOffset)</c>;
    /// <see cref="LayerInitialization.RandomSlope"/> uses <c>MaxOffset / in</c>.</summary>
    /// <value>Default 0.5 (the original's <c>initialize.max_offset</c>).</value>
    public double MaxOffset { get; init; } = HighOrderLayerDefaults.MaxOffset;

    /// <summary>The contraction formulation.</summary>
    /// <value>Default <see cref="PiecewiseAlgorithm.Auto"/>.</value>
    public PiecewiseAlgorithm Algorithm { get; init; } = HighOrderLayerDefaults.Algorithm;

    /// <summary>How each output combines its link values: summed, or multiplied (the original's <c>*_prod</c> links,
    /// see <see cref="ProductCombination"/>).</summary>
    /// <value>Default <see cref="LinkCombination.Sum"/>.</value>
    public LinkCombination Combination { get; init; } = HighOrderLayerDefaults.Combination;

    /// <summary>With <see cref="LinkCombination.Product"/>: <c>y_o = prod_i (1 + f_oi) - 1 + (1 - ProductAlpha) sum_i f_oi</c>.</summary>
    /// <value>Default 1.0 (the pure product, the original's default).</value>
    public double ProductAlpha { get; init; } = HighOrderLayerDefaults.ProductAlpha;

    /// <summary><see cref="PiecewiseAlgorithm.Auto"/> picks <see cref="PiecewiseAlgorithm.GatherActive"/> when
    /// <c>K / n</c> is at least this ratio (16).</summary>
    public static int GatherActiveMinimumRatio => HighOrderLayerDefaults.GatherActiveMinimumRatio;

    /// <summary>Weights per link <c>K</c>: <c>(n-1)S + 1</c> continuous, <c>nS</c> discontinuous, <c>n</c> polynomial
    /// and Fourier.</summary>
    public int WeightsPerLink => Kind switch
    {
        LinkKind.Continuous => (Nodes - 1) * Segments + 1,
        LinkKind.Discontinuous => Nodes * Segments,
        _ => Nodes,
    };

    /// <summary>Segments actually used: <see cref="Segments"/> for the piecewise kinds, 1 for polynomial and Fourier.</summary>
    public int EffectiveSegments => IsPiecewise ? Segments : 1;

    /// <summary>Index distance between the first weights of consecutive segments: <c>n-1</c> continuous (the boundary
    /// node is shared), <c>n</c> otherwise.</summary>
    public int SegmentStride => Kind == LinkKind.Continuous ? Nodes - 1 : Nodes;

    /// <summary>True for <see cref="LinkKind.Continuous"/> and <see cref="LinkKind.Discontinuous"/>.</summary>
    public bool IsPiecewise => Kind is LinkKind.Continuous or LinkKind.Discontinuous;

    /// <summary>Number of weights <c>in · K · out</c> (the layer has no bias: a link's constant part is the bias).</summary>
    public long ParameterCount => (long)InFeatures * WeightsPerLink * OutFeatures;

    /// <summary>Whether the layer runs through the <see cref="PiecewiseAlgorithm.Fused"/> loops where they apply (CPU,
    /// float32): always when asked for; under <see cref="PiecewiseAlgorithm.Auto"/> when the shape rule picks
    /// <see cref="PiecewiseAlgorithm.GatherActive"/> (the loops do the same sparse work without its libtorch calls) or
    /// the expanded weight has at most <see cref="HighOrderLayerDefaults.FusedMaximumExpandedWeights"/> entries.</summary>
    public bool PrefersFused => Algorithm == PiecewiseAlgorithm.Fused
        || (Algorithm == PiecewiseAlgorithm.Auto
            && (ResolvedAlgorithm == PiecewiseAlgorithm.GatherActive || (long)InFeatures * WeightsPerLink * OutFeatures <= HighOrderLayerDefaults.FusedMaximumExpandedWeights));

    /// <summary>The tensor formulation <see cref="Algorithm"/> stands for at this shape: the one used wherever the
    /// <see cref="PiecewiseAlgorithm.Fused"/> loops do not run (GPU, float64, Fourier or product links), and the one
    /// the ONNX export mirrors. Resolves <see cref="PiecewiseAlgorithm.Auto"/> and <see cref="PiecewiseAlgorithm.Fused"/>
    /// by the shape rule (see <see cref="PiecewiseAlgorithm.Auto"/>).</summary>
    public PiecewiseAlgorithm ResolvedAlgorithm => Algorithm is PiecewiseAlgorithm.ExpandedMatmul or PiecewiseAlgorithm.GatherActive
        ? Algorithm
        : IsPiecewise && WeightsPerLink >= GatherActiveMinimumRatio * Nodes
            ? PiecewiseAlgorithm.GatherActive
            : PiecewiseAlgorithm.ExpandedMatmul;

    /// <summary>Checks every field and throws one <see cref="ArgumentException"/> that names all bad ones.</summary>
    /// <exception cref="ArgumentException">Some field is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (InFeatures < 1)
        {
            problems.Add($"{nameof(InFeatures)} must be >= 1, got {InFeatures}");
        }
        if (OutFeatures < 1)
        {
            problems.Add($"{nameof(OutFeatures)} must be >= 1, got {OutFeatures}");
        }
        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"{nameof(Kind)} is not a defined {nameof(LinkKind)}: {(int)Kind}");
        }
        if (Nodes < 1)
        {
            problems.Add($"{nameof(Nodes)} must be >= 1, got {Nodes}");
        }
        else if (Kind == LinkKind.Continuous && Nodes < 2)
        {
            problems.Add($"{nameof(Nodes)} must be >= 2 for {nameof(LinkKind.Continuous)} links (segments share their end nodes), got {Nodes}; use {nameof(LinkKind.Discontinuous)} for piecewise constant");
        }
        if (Segments < 1)
        {
            problems.Add($"{nameof(Segments)} must be >= 1, got {Segments}");
        }
        if (!Enum.IsDefined(Range))
        {
            problems.Add($"{nameof(Range)} is not a defined {nameof(OutOfRangePolicy)}: {(int)Range}");
        }
        if (!Enum.IsDefined(Initialization))
        {
            problems.Add($"{nameof(Initialization)} is not a defined {nameof(LayerInitialization)}: {(int)Initialization}");
        }
        if (!Enum.IsDefined(Algorithm))
        {
            problems.Add($"{nameof(Algorithm)} is not a defined {nameof(PiecewiseAlgorithm)}: {(int)Algorithm}");
        }
        if (!Enum.IsDefined(Combination))
        {
            problems.Add($"{nameof(Combination)} is not a defined {nameof(LinkCombination)}: {(int)Combination}");
        }
        if (!double.IsFinite(ProductAlpha))
        {
            problems.Add($"{nameof(ProductAlpha)} must be finite, got {ProductAlpha}");
        }
        if (!double.IsFinite(WeightMagnitude) || WeightMagnitude < 0)
        {
            problems.Add($"{nameof(WeightMagnitude)} must be finite and >= 0, got {WeightMagnitude}");
        }
        if (!double.IsFinite(MaxSlope) || MaxSlope < 0)
        {
            problems.Add($"{nameof(MaxSlope)} must be finite and >= 0, got {MaxSlope}");
        }
        if (!double.IsFinite(MaxOffset) || MaxOffset < 0)
        {
            problems.Add($"{nameof(MaxOffset)} must be finite and >= 0, got {MaxOffset}");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid high-order layer configuration: " + string.Join("; ", problems) + ".");
        }
    }
}
