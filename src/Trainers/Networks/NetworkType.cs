using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The one registration of a network type: its name (the JSON "type" of its configuration, and the
/// trainer name that trains its default architecture), its configuration type, and its ONNX emitter.
/// Every non-abstract subclass in this assembly is registered by <see cref="NetworkRegistry"/> on first
/// use; a type defined elsewhere registers itself with <see cref="NetworkRegistry.Register"/>. Presets
/// name the type in their "network" section, so nothing else lists network types.
/// </summary>
public abstract class NetworkType
{
    /// <summary>The registered name, snake_case (e.g. <c>high_order_mlp</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line saying what the network is.</summary>
    public abstract string Description { get; }

    /// <summary>The configuration record this type builds from.</summary>
    public abstract Type ConfigType { get; }

    /// <summary>The default architecture (widths from the data).</summary>
    public abstract NetworkConfig CreateDefault();

    /// <summary>
    /// Emits the network's forward pass: <paramref name="ids"/> (int64 (B, T), inside the vocabulary) in, the
    /// name of the logits out ((B, V), or (B, T, V) for <see cref="NetworkOutput.EveryPosition"/>).
    /// </summary>
    public abstract string EmitOnnx(OnnxGraphBuilder graph, LanguageNetwork network, string ids);

    /// <summary>
    /// The configuration after p- or h-refinement of the network's high-order layers (null leaves a quantity
    /// as it is): <paramref name="nodes"/> for every high-order layer, <paramref name="segments"/> for the
    /// layers that read hidden activations, <paramref name="inputSegments"/> for the input layer.
    /// </summary>
    /// <exception cref="NotSupportedException">The network has no high-order layers (the default).</exception>
    /// <exception cref="ArgumentException">The refinement asks for layers this network does not have.</exception>
    public virtual NetworkConfig Refined(NetworkConfig config, int? nodes, int? segments, int? inputSegments) =>
        throw new NotSupportedException($"A {Name} network has no high-order layers to refine.");

    /// <summary>
    /// The model-card format a reader needs to read a model with this network (<c>ModelCard.FormatVersion</c>): 1 for
    /// the types of the first release in the configurations that release knew, which format-1 readers read; 2 (the
    /// default) for every type or field added since, so that an older reader refuses such a file with its one-line
    /// "card format" error instead of failing inside ML.NET on a network it has never heard of.
    /// </summary>
    public virtual int CardFormat(NetworkConfig config) => 2;

    /// <summary>The node counts (n) of the network's groups of high-order layers, named for messages; none by default.</summary>
    public virtual IEnumerable<(string Layers, int Nodes)> NodeCounts(NetworkConfig config) => [];
}

/// <summary>A <see cref="NetworkType"/> with typed configuration and module.</summary>
/// <typeparam name="TConfig">The configuration record.</typeparam>
/// <typeparam name="TNetwork">The module it builds.</typeparam>
public abstract class NetworkType<TConfig, TNetwork> : NetworkType
    where TConfig : NetworkConfig, new()
    where TNetwork : LanguageNetwork
{
    /// <inheritdoc />
    public override Type ConfigType => typeof(TConfig);

    /// <inheritdoc />
    public override NetworkConfig CreateDefault() => new TConfig();

    /// <inheritdoc />
    public override string EmitOnnx(OnnxGraphBuilder graph, LanguageNetwork network, string ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return network is TNetwork typed
            ? Emit(graph, typed, ids)
            : throw new ArgumentException($"Network type '{Name}' exports {typeof(TNetwork).Name} modules, got {network?.GetType().Name ?? "null"}.", nameof(network));
    }

    /// <summary>Emits the typed network; see <see cref="NetworkType.EmitOnnx"/>.</summary>
    protected abstract string Emit(OnnxGraphBuilder graph, TNetwork network, string ids);
}
