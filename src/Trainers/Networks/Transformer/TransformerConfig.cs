using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The standard low-order causal transformer (a nanoGPT-style decoder): a learned token table, learned positions,
/// pre-norm blocks with linear q/k/v and a GELU feed-forward part, raw logits at every position. The baseline
/// against which the high-order transformers are measured at equal size and time.
/// </summary>
public sealed record TransformerConfig : CausalTransformerConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "transformer";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <inheritdoc />
    public override long ParameterCount() =>
        SharedParameterCount() + (long)VocabularySize * Width
        + Blocks * (3 * (Width + 1L) * Width + (Width + 1L) * FeedForwardWidth + (FeedForwardWidth + 1L) * Width);

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new Transformer(this, generator);
}
