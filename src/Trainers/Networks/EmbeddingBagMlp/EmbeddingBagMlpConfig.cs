using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The original's <c>low_order_mlp</c>: an embedding per character, averaged over the window (a bag of
/// characters: order is lost), a normalisation and a ReLU MLP, straight on the character ids.
/// </summary>
public sealed record EmbeddingBagMlpConfig : NetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "embedding_bag_mlp";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Embedding and hidden width. <value>250</value></summary>
    public int HiddenWidth { get; init; } = NetworkDefaults.HiddenWidth;

    /// <summary>Hidden layers of the MLP after the bag, counted as the original does. <value>1</value></summary>
    public int HiddenLayers { get; init; } = NetworkDefaults.HiddenLayers;

    /// <summary>Normalisation. <value>LayerNorm</value></summary>
    public NormalizationKind Normalization { get; init; } = NetworkDefaults.Normalization;

    /// <inheritdoc />
    public override long ParameterCount() =>
        (long)VocabularySize * HiddenWidth + Layers.Normalization.ParameterCount(Normalization, HiddenWidth)
        + LowOrderMlp.CountParameters(HiddenWidth, VocabularySize, HiddenWidth, HiddenLayers - 1, Normalization);

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, HiddenLayers >= 1, $"{nameof(HiddenLayers)} must be at least 1 (got {HiddenLayers})");
        Require(problems, HiddenWidth >= 1, $"{nameof(HiddenWidth)} must be at least 1 (got {HiddenWidth})");
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new EmbeddingBagMlp(this, generator);
}
