using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The high-order causal transformer: a high-order token embedding (as <see cref="HighOrderInputTransformerConfig"/>),
/// and in every block high-order q/k/v layers (W -> W) and a high-order feed-forward part
/// (<see cref="HighOrderFeedForward"/>: W -> F, layer norm, F -> W); the attention's output projection and the head
/// stay linear. Every high-order layer reads a layer-normalised input (the block's pre-norm, or the norm inside the
/// feed-forward part), about unit scale, so most inputs fall inside [-1, 1]; the rest follow
/// <see cref="Range"/> (default: linear extrapolation of the edge segment for the default n = 2). The original's
/// <c>high_order_transformer</c> (config/net/transformer.yaml) with its bugs fixed (seed-study §2.4, §6 item 5).
/// </summary>
public sealed record HighOrderTransformerConfig : HighOrderEmbeddingTransformerConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "high_order_transformer";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Link kind of the q/k/v and feed-forward layers. <value>Continuous</value></summary>
    public LinkKind BlockKind { get; init; } = CausalTransformerDefaults.BlockKind;

    /// <summary>Nodes per segment of the q/k/v and feed-forward layers. <value>2</value></summary>
    public int BlockNodes { get; init; } = CausalTransformerDefaults.BlockNodes;

    /// <summary>Segments of the q/k/v and feed-forward layers. <value>2</value></summary>
    public int BlockSegments { get; init; } = CausalTransformerDefaults.BlockSegments;

    /// <summary>What the q/k/v and feed-forward layers do with inputs outside [-1, 1]. <value>Extrapolate</value></summary>
    public OutOfRangePolicy Range { get; init; } = CausalTransformerDefaults.Range;

    /// <summary>A block layer's configuration.</summary>
    public HighOrderLayerConfig BlockLayer(int inputs, int outputs) => new()
    {
        InFeatures = inputs,
        OutFeatures = outputs,
        Kind = BlockKind,
        Nodes = BlockNodes,
        Segments = BlockSegments,
        Range = Range,
        Initialization = Initialization,
    };

    /// <inheritdoc />
    public override long ParameterCount() =>
        SharedParameterCount() + EmbeddingLayer().ParameterCount
        + Blocks * (3 * BlockLayer(Width, Width).ParameterCount + BlockLayer(Width, FeedForwardWidth).ParameterCount
                    + 2L * FeedForwardWidth + BlockLayer(FeedForwardWidth, Width).ParameterCount);

    /// <inheritdoc />
    protected override void AddVariantProblems(List<string> problems)
    {
        base.AddVariantProblems(problems);
        AddLayerProblems(problems, "block layers", () => BlockLayer(Math.Max(Width, 1), Math.Max(Width, 1)));
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderTransformer(this, generator);
}
