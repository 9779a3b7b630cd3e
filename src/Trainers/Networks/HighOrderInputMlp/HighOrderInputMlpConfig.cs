using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// One high-order input layer (N -> width, a learnable lookup per position and character when it has one
/// segment per character) followed by a normalisation and a ReLU MLP with <see cref="HiddenLayers"/> - 1
/// hidden layers: the original's <c>high_order_input</c> model (preset large_standard).
/// </summary>
public sealed record HighOrderInputMlpConfig : NetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "high_order_input_mlp";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Input layer link kind. <value>Discontinuous</value></summary>
    public LinkKind InputKind { get; init; } = LinkKind.Discontinuous;

    /// <summary>Input layer nodes per segment. <value>2</value></summary>
    public int InputNodes { get; init; } = NetworkDefaults.InputNodes;

    /// <summary>Input layer segments. <value>128</value></summary>
    public int InputSegments { get; init; } = NetworkDefaults.InputSegments;

    /// <summary>Hidden width. <value>250</value></summary>
    public int HiddenWidth { get; init; } = NetworkDefaults.HiddenWidth;

    /// <summary>Hidden layers counted as the original does: the ReLU MLP gets this minus one. <value>1</value></summary>
    public int HiddenLayers { get; init; } = NetworkDefaults.HiddenLayers;

    /// <summary>Normalisation. <value>LayerNorm</value></summary>
    public NormalizationKind Normalization { get; init; } = NetworkDefaults.Normalization;

    /// <summary>What the input layer does with inputs outside [-1, 1].</summary>
    public OutOfRangePolicy Range { get; init; } = new HighOrderLayerConfig().Range;

    /// <summary>How the input layer's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <summary>Scale of the input layer's initial weights (<see cref="HighOrderLayerConfig.WeightMagnitude"/>: the spread of
    /// <see cref="LayerInitialization.Uniform"/> is <c>WeightMagnitude / in</c>). With a sign optimiser (Lion) the spread
    /// counts in learning-rate steps; docs/studies/learning-per-epoch.md. <value>1.0</value></summary>
    public double WeightMagnitude { get; init; } = new HighOrderLayerConfig().WeightMagnitude;

    /// <summary>The input layer's configuration.</summary>
    public HighOrderLayerConfig InputLayer() => new()
    {
        InFeatures = WindowSize,
        OutFeatures = HiddenWidth,
        Kind = InputKind,
        Nodes = InputNodes,
        Segments = InputSegments,
        Range = Range,
        Initialization = Initialization,
        WeightMagnitude = WeightMagnitude,
    };

    /// <inheritdoc />
    public override long ParameterCount() =>
        InputLayer().ParameterCount + Layers.Normalization.ParameterCount(Normalization, HiddenWidth)
        + LowOrderMlp.CountParameters(HiddenWidth, VocabularySize, HiddenWidth, HiddenLayers - 1, Normalization);

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, HiddenLayers >= 1, $"{nameof(HiddenLayers)} must be at least 1 (got {HiddenLayers})");
        Require(problems, HiddenWidth >= 1, $"{nameof(HiddenWidth)} must be at least 1 (got {HiddenWidth})");
        if (problems.Count == 0)
        {
            try
            {
                InputLayer().Validate();
            }
            catch (ArgumentException error)
            {
                problems.Add("input layer: " + error.Message);
            }
        }
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderInputMlp(this, generator);
}
