using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The convolution stack shared by the <c>conv</c> and <c>tail_focus</c> networks: the encoded window, one channel of
/// length T, goes through <c>Channels.Length</c> high-order 1-D convolutions (layer i: kernel
/// <c>KernelSizes[i]</c>, stride <c>Strides[i]</c>, <c>Segments[i]</c> segments, <c>Channels[i]</c> output channels),
/// each followed by a normalisation over channels. Unlike the original, the lists have exactly one entry per layer
/// (its <c>channels</c> list also named the input's one channel, and <c>conv.yaml</c> carried a fourth, unused
/// kernel), and the window must be at least the stack's receptive field (<see cref="MinimumWindowSize"/>).
/// </summary>
public abstract record ConvolutionalNetworkConfig : NetworkConfig
{
    /// <summary>Output channels of each convolution.</summary>
    public int[] Channels { get; init; } = [];

    /// <summary>Kernel width of each convolution.</summary>
    public int[] KernelSizes { get; init; } = [];

    /// <summary>Stride of each convolution.</summary>
    public int[] Strides { get; init; } = [];

    /// <summary>Segments of each convolution's links.</summary>
    public int[] Segments { get; init; } = [];

    /// <summary>Link kind of every convolution. <value>Continuous</value></summary>
    public LinkKind Kind { get; init; } = LinkKind.Continuous;

    /// <summary>Nodes per segment of every convolution. <value>2</value></summary>
    public int Nodes { get; init; } = 2;

    /// <summary>Padding on each side of every convolution (padded taps contribute nothing). <value>0</value></summary>
    public int Padding { get; init; }

    /// <summary>Convolutions average over their links instead of summing. <value>false</value></summary>
    public bool RescaleOutput { get; init; }

    /// <summary>How every convolution combines its link values (<see cref="LinkCombination.Product"/>: the original's
    /// <c>*_prod</c> links). <value>Sum</value></summary>
    public LinkCombination Combination { get; init; } = LinkCombination.Sum;

    /// <summary>Normalisation after every convolution, over channels. <value>LayerNorm</value></summary>
    public NormalizationKind Normalization { get; init; } = NetworkDefaults.Normalization;

    /// <summary>What every link does with inputs outside [-1, 1].</summary>
    public OutOfRangePolicy Range { get; init; } = new HighOrderLayerConfig().Range;

    /// <summary>How every link's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <inheritdoc />
    public override int MinimumWindowSize
    {
        get
        {
            if (!ListsAreConsistent())
            {
                return 1;
            }
            int needed = 1;
            for (int layer = Channels.Length - 1; layer >= 0; layer--)
            {
                needed = Math.Max(1, (needed - 1) * Strides[layer] + KernelSizes[layer] - 2 * Padding);
            }
            return needed;
        }
    }

    /// <summary>The convolutions' configurations in order (the first reads one channel).</summary>
    public IReadOnlyList<HighOrderConvolution1dConfig> ConvolutionLayers() =>
        Enumerable.Range(0, Channels.Length).Select(layer => new HighOrderConvolution1dConfig
        {
            InChannels = layer == 0 ? 1 : Channels[layer - 1],
            OutChannels = Channels[layer],
            KernelSize = KernelSizes[layer],
            Stride = Strides[layer],
            Padding = Padding,
            RescaleOutput = RescaleOutput,
            Kind = Kind,
            Nodes = Nodes,
            Segments = Segments[layer],
            Range = Range,
            Initialization = Initialization,
            Combination = Combination,
        }).ToArray();

    /// <summary>The length of every level for the configured window: level 0 is the window, level i + 1 the output of
    /// convolution i.</summary>
    public int[] LevelLengths()
    {
        var lengths = new int[Channels.Length + 1];
        lengths[0] = WindowSize;
        IReadOnlyList<HighOrderConvolution1dConfig> layers = ConvolutionLayers();
        for (int layer = 0; layer < layers.Count; layer++)
        {
            lengths[layer + 1] = layers[layer].OutputLength(lengths[layer]);
        }
        return lengths;
    }

    /// <summary>Parameters of the convolutions and their normalisations.</summary>
    protected long StackParameterCount() =>
        ConvolutionLayers().Sum(layer => layer.ParameterCount + Layers.Normalization.ParameterCount(Normalization, layer.OutChannels));

    /// <summary>Adds the problems of the stack's fields; true when the stack is valid.</summary>
    protected bool AddConvolutionProblems(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        int before = problems.Count;
        Require(problems, Channels.Length >= 1, $"{nameof(Channels)} must name at least one convolution");
        Require(problems, ListsAreConsistent(), $"{nameof(Channels)} ({Channels.Length}), {nameof(KernelSizes)} ({KernelSizes.Length}), {nameof(Strides)} ({Strides.Length}) and {nameof(Segments)} ({Segments.Length}) must have one entry per convolution");
        if (problems.Count > before)
        {
            return false;
        }
        IReadOnlyList<HighOrderConvolution1dConfig> layers = ConvolutionLayers();
        for (int layer = 0; layer < layers.Count; layer++)
        {
            try
            {
                layers[layer].Validate();
            }
            catch (ArgumentException error)
            {
                problems.Add($"convolution {layer}: {error.Message.TrimEnd('.')}");
            }
        }
        return problems.Count == before;
    }

    /// <inheritdoc />
    public virtual bool Equals(ConvolutionalNetworkConfig? other) =>
        other is not null && base.Equals(other)
        && Channels.SequenceEqual(other.Channels) && KernelSizes.SequenceEqual(other.KernelSizes)
        && Strides.SequenceEqual(other.Strides) && Segments.SequenceEqual(other.Segments)
        && (Kind, Nodes, Padding, RescaleOutput, Normalization, Range, Initialization)
            == (other.Kind, other.Nodes, other.Padding, other.RescaleOutput, other.Normalization, other.Range, other.Initialization);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Channels.Length, Kind, Nodes, Padding);

    private bool ListsAreConsistent() =>
        Channels.Length == KernelSizes.Length && Channels.Length == Strides.Length && Channels.Length == Segments.Length;
}
