using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The causal transformer whose only high-order part is the token embedding (<see cref="HighOrderTokenEmbedding"/>:
/// the character's [-1, 1] value through one high-order layer 1 -> <see cref="CausalTransformerConfig.Width"/>);
/// linear q/k/v and GELU feed-forward, as <see cref="TransformerConfig"/>. The original's
/// <c>high_order_input_transformer</c> with its bugs fixed (seed-study §2.4).
/// </summary>
public sealed record HighOrderInputTransformerConfig : CausalTransformerConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "high_order_input_transformer";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Embedding link kind. <value>Continuous</value></summary>
    public LinkKind InputKind { get; init; } = CausalTransformerDefaults.InputKind;

    /// <summary>Embedding nodes per segment. <value>2</value></summary>
    public int InputNodes { get; init; } = CausalTransformerDefaults.InputNodes;

    /// <summary>Embedding segments (at least the vocabulary size makes it a lookup table). <value>128</value></summary>
    public int InputSegments { get; init; } = CausalTransformerDefaults.InputSegments;

    /// <summary>How the embedding's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <summary>The embedding layer's configuration (1 -> width).</summary>
    public HighOrderLayerConfig EmbeddingLayer() => new()
    {
        InFeatures = 1,
        OutFeatures = Width,
        Kind = InputKind,
        Nodes = InputNodes,
        Segments = InputSegments,
        Initialization = Initialization,
    };

    /// <inheritdoc />
    public override long ParameterCount() =>
        SharedParameterCount() + EmbeddingLayer().ParameterCount
        + Blocks * (3 * (Width + 1L) * Width + (Width + 1L) * FeedForwardWidth + (FeedForwardWidth + 1L) * Width);

    /// <inheritdoc />
    protected override void AddVariantProblems(List<string> problems) => HighOrderTransformerConfig.AddLayerProblems(problems, "embedding", EmbeddingLayer);

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderInputTransformer(this, generator);
}
