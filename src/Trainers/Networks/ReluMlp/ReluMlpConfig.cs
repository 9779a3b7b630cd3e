using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>A plain ReLU MLP on the window's input values: the low-order baseline on the same inputs as
/// the high-order networks.</summary>
public sealed record ReluMlpConfig : NetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "relu_mlp";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Hidden width. <value>250</value></summary>
    public int HiddenWidth { get; init; } = NetworkDefaults.HiddenWidth;

    /// <summary>Hidden layers (Linear + ReLU blocks between the first and last Linear, plus one). <value>2</value></summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Normalisation. <value>LayerNorm</value></summary>
    public NormalizationKind Normalization { get; init; } = NetworkDefaults.Normalization;

    /// <inheritdoc />
    public override long ParameterCount() => LowOrderMlp.CountParameters(WindowSize, VocabularySize, HiddenWidth, HiddenLayers - 1, Normalization);

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, HiddenLayers >= 1, $"{nameof(HiddenLayers)} must be at least 1 (got {HiddenLayers})");
        Require(problems, HiddenWidth >= 1, $"{nameof(HiddenWidth)} must be at least 1 (got {HiddenWidth})");
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new ReluMlp(this, generator);
}
