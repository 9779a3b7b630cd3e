namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The shape and options of one <see cref="HighOrderConvolution1d"/>: <see cref="InChannels"/> ×
/// <see cref="KernelSize"/> × <see cref="OutChannels"/> links, each a learnable 1-D function of the given
/// <see cref="Kind"/>, slid along the input with <see cref="Stride"/> and <see cref="Padding"/>.</summary>
/// <remarks>Immutable; <see cref="Validate"/> names every bad field. The link options mean what they mean in
/// <see cref="HighOrderLayerConfig"/>; <see cref="LinkLayer"/> is the fully connected layer that evaluates every
/// window.</remarks>
public sealed record HighOrderConvolution1dConfig
{
    /// <summary>Input channels <c>C_in</c>.</summary>
    public int InChannels { get; init; } = 1;

    /// <summary>Output channels <c>C_out</c>.</summary>
    public int OutChannels { get; init; } = 1;

    /// <summary>Kernel width <c>k</c> (positions per window).</summary>
    public int KernelSize { get; init; } = 1;

    /// <summary>Distance between consecutive windows. <value>Default 1.</value></summary>
    public int Stride { get; init; } = 1;

    /// <summary>Positions added on each side; a padded position contributes nothing (as in the original, which pads
    /// after the basis expansion). <value>Default 0.</value></summary>
    public int Padding { get; init; }

    /// <summary>Average over the <c>C_in · k</c> links of an output instead of summing (the original's
    /// <c>rescale_output</c>). <value>Default false.</value></summary>
    public bool RescaleOutput { get; init; }

    /// <summary>The function family of every link. <value>Default <see cref="LinkKind.Continuous"/>.</value></summary>
    public LinkKind Kind { get; init; } = HighOrderLayerDefaults.Kind;

    /// <summary>Nodes per segment <c>n</c>. <value>Default 2.</value></summary>
    public int Nodes { get; init; } = HighOrderLayerDefaults.Nodes;

    /// <summary>Segments over [-1, 1]. <value>Default 2.</value></summary>
    public int Segments { get; init; } = HighOrderLayerDefaults.Segments;

    /// <summary>What happens to inputs outside [-1, 1]. <value>Default <see cref="OutOfRangePolicy.Extrapolate"/>.</value></summary>
    public OutOfRangePolicy Range { get; init; } = HighOrderLayerDefaults.Range;

    /// <summary>How the weights are drawn (fan-in <c>C_in · k</c>). <value>Default <see cref="LayerInitialization.Uniform"/>.</value></summary>
    public LayerInitialization Initialization { get; init; } = HighOrderLayerDefaults.Initialization;

    /// <summary>Scale of the initial draws, see <see cref="HighOrderLayerConfig.WeightMagnitude"/>. <value>Default 1.0.</value></summary>
    public double WeightMagnitude { get; init; } = HighOrderLayerDefaults.WeightMagnitude;

    /// <summary>How an output combines its <c>C_in · k</c> link values: summed, or multiplied as the <c>*_prod</c> links
    /// (<see cref="ProductCombination"/>; a padded tap contributes the factor 1). <value>Default
    /// <see cref="LinkCombination.Sum"/>.</value></summary>
    public LinkCombination Combination { get; init; } = HighOrderLayerDefaults.Combination;

    /// <summary>The contraction formulation of the window layer. <value>Default <see cref="PiecewiseAlgorithm.Auto"/>.</value></summary>
    public PiecewiseAlgorithm Algorithm { get; init; } = HighOrderLayerDefaults.Algorithm;

    /// <summary>How the convolution evaluates its links. <value>Default <see cref="ConvolutionFormulation.Auto"/>.</value></summary>
    public ConvolutionFormulation Formulation { get; init; } = ConvolutionFormulation.Auto;

    /// <summary><see cref="ConvolutionFormulation.Auto"/> expands and convolves when the taps read every input position
    /// at least this many times on average (<c>k · L_out / L</c>).</summary>
    public const double ExpandedConvolutionMinimumReads = 1.5;

    /// <summary>Links per output value, <c>C_in · k</c>.</summary>
    public int LinksPerOutput => InChannels * KernelSize;

    /// <summary>Number of weights (the window layer's).</summary>
    public long ParameterCount => LinkLayer().ParameterCount;

    /// <summary>The fully connected layer applied to every window: <c>C_in · k</c> inputs (link <c>c·k + j</c> reads
    /// channel c at kernel offset j) to <c>C_out</c> outputs.</summary>
    public HighOrderLayerConfig LinkLayer() => new()
    {
        InFeatures = LinksPerOutput,
        OutFeatures = OutChannels,
        Kind = Kind,
        Nodes = Nodes,
        Segments = Segments,
        Range = Range,
        Initialization = Initialization,
        WeightMagnitude = WeightMagnitude,
        Algorithm = Algorithm,
        Combination = Combination,
    };

    /// <summary>The formulation used for an input of the given length (<see cref="ConvolutionFormulation.Auto"/>
    /// resolved; see there).</summary>
    public ConvolutionFormulation FormulationFor(int inputLength)
    {
        if (Formulation != ConvolutionFormulation.Auto)
        {
            return Formulation;
        }
        double readsPerPosition = (double)KernelSize * OutputLength(inputLength) / Math.Max(1, inputLength);
        return readsPerPosition >= ExpandedConvolutionMinimumReads
            && Combination == LinkCombination.Sum
            && LinkLayer().ResolvedAlgorithm == PiecewiseAlgorithm.ExpandedMatmul
            ? ConvolutionFormulation.ExpandedConvolution
            : ConvolutionFormulation.Windows;
    }

    /// <summary>Output length <c>floor((L + 2·padding - k) / stride) + 1</c>, or 0 when the kernel does not fit.</summary>
    public int OutputLength(int inputLength)
    {
        int span = inputLength + 2 * Padding - KernelSize;
        return span < 0 ? 0 : span / Stride + 1;
    }

    /// <summary>Checks every field and throws one <see cref="ArgumentException"/> that names all bad ones.</summary>
    /// <exception cref="ArgumentException">Some field is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (InChannels < 1)
        {
            problems.Add($"{nameof(InChannels)} must be >= 1, got {InChannels}");
        }
        if (OutChannels < 1)
        {
            problems.Add($"{nameof(OutChannels)} must be >= 1, got {OutChannels}");
        }
        if (KernelSize < 1)
        {
            problems.Add($"{nameof(KernelSize)} must be >= 1, got {KernelSize}");
        }
        if (Stride < 1)
        {
            problems.Add($"{nameof(Stride)} must be >= 1, got {Stride}");
        }
        if (Padding < 0 || (KernelSize >= 1 && Padding >= KernelSize))
        {
            problems.Add($"{nameof(Padding)} must be >= 0 and smaller than {nameof(KernelSize)} (a window of padding only), got {Padding}");
        }
        if (Formulation == ConvolutionFormulation.ExpandedConvolution && Combination != LinkCombination.Sum)
        {
            problems.Add($"{nameof(Formulation)} {ConvolutionFormulation.ExpandedConvolution} sums the links; {nameof(Combination)} {Combination} needs {ConvolutionFormulation.Windows}");
        }
        if (problems.Count == 0)
        {
            try
            {
                LinkLayer().Validate();
            }
            catch (ArgumentException error)
            {
                problems.Add(error.Message.TrimEnd('.'));
            }
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid high-order convolution configuration: " + string.Join("; ", problems) + ".");
        }
    }
}
