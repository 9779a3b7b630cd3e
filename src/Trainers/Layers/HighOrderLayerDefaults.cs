namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The one source of the <see cref="HighOrderLayerConfig"/> defaults (used by its initialisers, its XML
/// <c>value</c> docs and the tests that pin them).</summary>
internal static class HighOrderLayerDefaults
{
    public const LinkKind Kind = LinkKind.Continuous;
    public const int Nodes = 2;
    public const int Segments = 2;
    public const OutOfRangePolicy Range = OutOfRangePolicy.Extrapolate;
    public const LayerInitialization Initialization = LayerInitialization.Uniform;
    public const double WeightMagnitude = 1.0;
    public const double MaxSlope = 0.5;
    public const double MaxOffset = 0.5;
    public const PiecewiseAlgorithm Algorithm = PiecewiseAlgorithm.Auto;
    public const LinkCombination Combination = LinkCombination.Sum;
    public const double ProductAlpha = 1.0;
    public const int SwitchBranches = 2;

    /// <summary><see cref="PiecewiseAlgorithm.Auto"/> picks GatherActive when K / n is at least this.</summary>
    public const int GatherActiveMinimumRatio = 16;

    /// <summary><see cref="PiecewiseAlgorithm.Auto"/> also runs a layer that would expand through the fused loops when
    /// its expanded weight in·K·out has at most this many entries: there the per-call cost of the tensor formulation
    /// outweighs the dense product (small's 10-wide layers, 1,600 and 20,480 entries), while wide expanded layers
    /// (large_single_layer's 250·3·250) are faster as one GEMM than as row loops (2.2x slower step when fused).</summary>
    public const int FusedMaximumExpandedWeights = 32_768;
}
