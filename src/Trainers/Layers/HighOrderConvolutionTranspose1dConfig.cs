namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The shape and options of one <see cref="HighOrderConvolutionTranspose1d"/>: <see cref="InChannels"/> ×
/// <see cref="KernelSize"/> × <see cref="OutChannels"/> links, each a learnable 1-D function of the given
/// <see cref="Kind"/>, with <see cref="Stride"/>, <see cref="Padding"/> and <see cref="OutputPadding"/> as in torch's
/// <c>conv_transpose1d</c>.</summary>
/// <remarks>Immutable; <see cref="Validate"/> names every bad field. The link options mean what they mean in
/// <see cref="HighOrderLayerConfig"/>; <see cref="LinkLayer"/> is the fully connected layer applied to every input
/// position.</remarks>
public sealed record HighOrderConvolutionTranspose1dConfig
{
    /// <summary>Input channels <c>C_in</c>.</summary>
    public int InChannels { get; init; } = 1;

    /// <summary>Output channels <c>C_out</c>.</summary>
    public int OutChannels { get; init; } = 1;

    /// <summary>Kernel width <c>k</c>: every input position writes into <c>k</c> consecutive output positions.</summary>
    public int KernelSize { get; init; } = 1;

    /// <summary>Distance between the output windows of consecutive input positions (the upsampling factor).
    /// <value>Default 1.</value></summary>
    public int Stride { get; init; } = 1;

    /// <summary>Positions cropped from each end of the full output (torch's <c>padding</c> of a transposed
    /// convolution: the inverse of the convolution's padding). <value>Default 0.</value></summary>
    public int Padding { get; init; }

    /// <summary>Positions added at the end of the output, smaller than <see cref="Stride"/> (torch's
    /// <c>output_padding</c>: picks which of the input lengths a strided convolution maps to the same length is
    /// inverted). Added positions that no input window reaches are 0. <value>Default 0.</value></summary>
    public int OutputPadding { get; init; }

    /// <summary>Divide the output by <c>C_in · k</c> (the number of links of a window), as the original's
    /// <c>rescale_output</c> averages instead of summing. <value>Default false.</value></summary>
    public bool RescaleOutput { get; init; }

    /// <summary>The function family of every link. <value>Default <see cref="LinkKind.Continuous"/>.</value></summary>
    public LinkKind Kind { get; init; } = HighOrderLayerDefaults.Kind;

    /// <summary>Nodes per segment <c>n</c>. <value>Default 2.</value></summary>
    public int Nodes { get; init; } = HighOrderLayerDefaults.Nodes;

    /// <summary>Segments over [-1, 1]. <value>Default 2.</value></summary>
    public int Segments { get; init; } = HighOrderLayerDefaults.Segments;

    /// <summary>What happens to inputs outside [-1, 1]. <value>Default <see cref="OutOfRangePolicy.Extrapolate"/>.</value></summary>
    public OutOfRangePolicy Range { get; init; } = HighOrderLayerDefaults.Range;

    /// <summary>How the weights are drawn (fan-in <c>C_in</c>). <value>Default <see cref="LayerInitialization.Uniform"/>.</value></summary>
    public LayerInitialization Initialization { get; init; } = HighOrderLayerDefaults.Initialization;

    /// <summary>Scale of the initial draws, see <see cref="HighOrderLayerConfig.WeightMagnitude"/>. <value>Default 1.0.</value></summary>
    public double WeightMagnitude { get; init; } = HighOrderLayerDefaults.WeightMagnitude;

    /// <summary>The contraction formulation of the position layer. <value>Default <see cref="PiecewiseAlgorithm.Auto"/>.</value></summary>
    public PiecewiseAlgorithm Algorithm { get; init; } = HighOrderLayerDefaults.Algorithm;

    /// <summary>Number of weights (the position layer's).</summary>
    public long ParameterCount => LinkLayer().ParameterCount;

    /// <summary>The fully connected layer applied to every input position: <c>C_in</c> inputs to <c>C_out · k</c>
    /// outputs, output <c>o·k + j</c> being what the position writes at kernel offset j of output channel o (torch's
    /// (C_in, C_out, k) weight order).</summary>
    public HighOrderLayerConfig LinkLayer() => new()
    {
        InFeatures = InChannels,
        OutFeatures = OutChannels * KernelSize,
        Kind = Kind,
        Nodes = Nodes,
        Segments = Segments,
        Range = Range,
        Initialization = Initialization,
        WeightMagnitude = WeightMagnitude,
        Algorithm = Algorithm,
    };

    /// <summary>Output length <c>(L - 1)·stride - 2·padding + k + output_padding</c> (torch's formula), or 0 when
    /// that is not positive.</summary>
    public int OutputLength(int inputLength)
    {
        int length = (inputLength - 1) * Stride - 2 * Padding + KernelSize + OutputPadding;
        return inputLength < 1 || length < 0 ? 0 : length;
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
        if (Padding < 0)
        {
            problems.Add($"{nameof(Padding)} must be >= 0, got {Padding}");
        }
        if (OutputPadding < 0 || (Stride >= 1 && OutputPadding >= Stride))
        {
            problems.Add($"{nameof(OutputPadding)} must be >= 0 and smaller than {nameof(Stride)} ({Stride}), got {OutputPadding}");
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
            throw new ArgumentException("Invalid high-order transposed convolution configuration: " + string.Join("; ", problems) + ".");
        }
    }
}
