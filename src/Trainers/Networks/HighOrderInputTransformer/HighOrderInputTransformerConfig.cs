using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The causal transformer whose only high-order part is the token embedding (<see cref="HighOrderTokenEmbedding"/>:
/// the character's [-1, 1] value through one high-order layer 1 -> <see cref="CausalTransformerConfig.Width"/>);
/// linear q/k/v and GELU feed-forward, as <see cref="TransformerConfig"/>. The original's
/// <c>high_order_input_transformer</c> with its bugs fixed (seed-study §2.4).
/// </summary>
public sealed record HighOrderInputTransformerConfig : HighOrderEmbeddingTransformerConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "high_order_input_transformer";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <inheritdoc />
    public override long ParameterCount() =>
        SharedParameterCount() + EmbeddingLayer().ParameterCount
        + Blocks * (3 * (Width + 1L) * Width + (Width + 1L) * FeedForwardWidth + (FeedForwardWidth + 1L) * Width);

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderInputTransformer(this, generator);
}
