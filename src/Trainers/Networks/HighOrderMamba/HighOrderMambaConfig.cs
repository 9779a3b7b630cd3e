using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The high-order Mamba (the original's <c>net=mamba</c> with <c>layer_type=continuous</c> or
/// <c>discontinuous</c>): every projection (in, selection, delta, out) is a <see cref="HighOrderProjection"/> of
/// <see cref="ProjectionLayers"/> high-order layers in -> out (-> out ...), as the original's
/// HighOrderMLP(in -> out -> out). Their inputs (RMS-normalised activations, SiLU outputs, gated outputs) are not
/// confined to [-1, 1]: with <see cref="SquashInputs"/> each projection reads tanh of its input, otherwise inputs
/// outside follow <see cref="Range"/> (docs/networks/mamba.md measures both).
/// </summary>
public sealed record HighOrderMambaConfig : MambaNetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "high_order_mamba";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Link kind of the projections. <value>Continuous</value></summary>
    public LinkKind ProjectionKind { get; init; } = MambaDefaults.ProjectionKind;

    /// <summary>Nodes per segment of the projections. <value>3</value></summary>
    public int ProjectionNodes { get; init; } = MambaDefaults.ProjectionNodes;

    /// <summary>Segments of the projections. <value>2</value></summary>
    public int ProjectionSegments { get; init; } = MambaDefaults.ProjectionSegments;

    /// <summary>High-order layers per projection (in -> out, then out -> out). <value>2</value></summary>
    public int ProjectionLayers { get; init; } = MambaDefaults.ProjectionLayers;

    /// <summary>What the projections' layers do with inputs outside [-1, 1]. <value>Extrapolate</value></summary>
    public OutOfRangePolicy Range { get; init; } = MambaDefaults.Range;

    /// <summary>Whether each projection reads tanh of its input (inside (-1, 1), so <see cref="Range"/> never
    /// applies to its first layer). <value>true</value></summary>
    public bool SquashInputs { get; init; } = MambaDefaults.SquashInputs;

    /// <summary>How every high-order layer's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <summary>A projection layer's configuration.</summary>
    public HighOrderLayerConfig ProjectionLayer(int inputs, int outputs) => new()
    {
        InFeatures = inputs,
        OutFeatures = outputs,
        Kind = ProjectionKind,
        Nodes = ProjectionNodes,
        Segments = ProjectionSegments,
        Range = Range,
        Initialization = Initialization,
    };

    /// <summary>Parameters of one projection in -> out.</summary>
    public long ProjectionParameterCount(int inputs, int outputs) =>
        ProjectionLayer(inputs, outputs).ParameterCount + (ProjectionLayers - 1L) * ProjectionLayer(outputs, outputs).ParameterCount;

    /// <inheritdoc />
    public override long ParameterCount() =>
        SharedParameterCount()
        + Blocks * (ProjectionParameterCount(Width, 2 * InnerWidth) + ProjectionParameterCount(InnerWidth, ResolvedDeltaRank + 2 * StateSize)
                    + ProjectionParameterCount(ResolvedDeltaRank, InnerWidth) + ProjectionParameterCount(InnerWidth, Width));

    /// <inheritdoc />
    protected override void AddVariantProblems(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Require(problems, ProjectionLayers >= 1, $"{nameof(ProjectionLayers)} must be at least 1 (got {ProjectionLayers})");
        try
        {
            ProjectionLayer(Math.Max(Width, 1), Math.Max(Width, 1)).Validate();
        }
        catch (ArgumentException error)
        {
            problems.Add($"projection layers: {error.Message}");
        }
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderMamba(this, generator);
}
