namespace LanguageInterpolation.Trainers.Layers;

/// <summary>What the high-order 1-D convolution and its transpose share: <see cref="InChannels"/> ×
/// <see cref="KernelSize"/> × <see cref="OutChannels"/> links, each a learnable 1-D function of the given
/// <see cref="Kind"/>, slid along the length with <see cref="Stride"/>.</summary>
/// <remarks>Immutable. The link options mean what they mean in <see cref="HighOrderLayerConfig"/>; each layer's
/// <see cref="LinkLayer"/> is the fully connected layer that evaluates its links, and its <c>Validate()</c> names every bad
/// field through <see cref="Problems"/> and <see cref="ThrowIfAny"/>.</remarks>
public abstract record ConvolutionLinksConfig
{
    /// <summary>Input channels <c>C_in</c>.</summary>
    public int InChannels { get; init; } = 1;

    /// <summary>Output channels <c>C_out</c>.</summary>
    public int OutChannels { get; init; } = 1;

    /// <summary>Kernel width <c>k</c>: positions per window of the convolution, output positions written by one input
    /// position of the transpose.</summary>
    public int KernelSize { get; init; } = 1;

    /// <summary>Distance between consecutive windows. <value>Default 1.</value></summary>
    public int Stride { get; init; } = 1;

    /// <summary>Divide every output by its number of links, <c>C_in · k</c> (the original's <c>rescale_output</c>:
    /// an average instead of a sum). <value>Default false.</value></summary>
    public bool RescaleOutput { get; init; }

    /// <summary>The function family of every link. <value>Default <see cref="LinkKind.Continuous"/>.</value></summary>
    public LinkKind Kind { get; init; } = HighOrderLayerDefaults.Kind;

    /// <summary>Nodes per segment <c>n</c>. <value>Default 2.</value></summary>
    public int Nodes { get; init; } = HighOrderLayerDefaults.Nodes;

    /// <summary>Segments over [-1, 1]. <value>Default 2.</value></summary>
    public int Segments { get; init; } = HighOrderLayerDefaults.Segments;

    /// <summary>What happens to inputs outside [-1, 1]. <value>Default <see cref="OutOfRangePolicy.Extrapolate"/>.</value></summary>
    public OutOfRangePolicy Range { get; init; } = HighOrderLayerDefaults.Range;

    /// <summary>How the weights are drawn (fan-in: the link layer's inputs). <value>Default <see cref="LayerInitialization.Uniform"/>.</value></summary>
    public LayerInitialization Initialization { get; init; } = HighOrderLayerDefaults.Initialization;

    /// <summary>Scale of the initial draws, see <see cref="HighOrderLayerConfig.WeightMagnitude"/>. <value>Default 1.0.</value></summary>
    public double WeightMagnitude { get; init; } = HighOrderLayerDefaults.WeightMagnitude;

    /// <summary>The contraction formulation of the link layer. <value>Default <see cref="PiecewiseAlgorithm.Auto"/>.</value></summary>
    public PiecewiseAlgorithm Algorithm { get; init; } = HighOrderLayerDefaults.Algorithm;

    /// <summary>Links per output value, <c>C_in · k</c>.</summary>
    public int LinksPerOutput => InChannels * KernelSize;

    /// <summary>Number of weights (the link layer's).</summary>
    public long ParameterCount => LinkLayer().ParameterCount;

    /// <summary>The fully connected layer that evaluates the links.</summary>
    public abstract HighOrderLayerConfig LinkLayer();

    /// <summary>The link options as a fully connected layer of the given width (sum combination).</summary>
    protected HighOrderLayerConfig LinkOptions(int inFeatures, int outFeatures) => new()
    {
        InFeatures = inFeatures,
        OutFeatures = outFeatures,
        Kind = Kind,
        Nodes = Nodes,
        Segments = Segments,
        Range = Range,
        Initialization = Initialization,
        WeightMagnitude = WeightMagnitude,
        Algorithm = Algorithm,
    };

    /// <summary>The bad shared fields: channels, kernel and stride below 1.</summary>
    protected List<string> Problems()
    {
        var problems = new List<string>();
        foreach ((string name, int value) in new[] { (nameof(InChannels), InChannels), (nameof(OutChannels), OutChannels), (nameof(KernelSize), KernelSize), (nameof(Stride), Stride) })
        {
            if (value < 1)
            {
                problems.Add($"{name} must be >= 1, got {value}");
            }
        }
        return problems;
    }

    /// <summary>Adds the link layer's own problems when the shape is sound, then throws one
    /// <see cref="ArgumentException"/> naming every problem, if any.</summary>
    /// <param name="problems">What the caller found.</param>
    /// <param name="layerName">How the message names the layer, e.g. "high-order convolution".</param>
    protected void ThrowIfAny(List<string> problems, string layerName)
    {
        ArgumentNullException.ThrowIfNull(problems);
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
            throw new ArgumentException($"Invalid {layerName} configuration: " + string.Join("; ", problems) + ".");
        }
    }
}
