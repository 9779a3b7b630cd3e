using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A stack of high-order layers: input layer (N -> width), <see cref="HiddenLayers"/> hidden layers
/// (width -> width), output layer (width -> V), with a normalisation before every layer after the first
/// and no activation functions (the link functions are the non-linearity). With no hidden layers it is
/// still two high-order layers (N -> width -> V), as in the original. Unlike the original, the hidden
/// layers' node count is their own (<see cref="HiddenNodes"/>), not tied to the input's. Each role can be another
/// fully connected layer (<see cref="InputLayerKind"/>, <see cref="HiddenLayerKind"/>, <see cref="OutputLayerKind"/>:
/// product links, the product layer or the switch layer); JSON written before these fields reads as all
/// <see cref="LayerKind.Sum"/>, the network it always was.
/// </summary>
public sealed record HighOrderMlpConfig : NetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "high_order_mlp";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Input layer link kind. <value>Continuous</value></summary>
    public LinkKind InputKind { get; init; } = NetworkDefaults.InputKind;

    /// <summary>Input layer nodes per segment. <value>2</value></summary>
    public int InputNodes { get; init; } = NetworkDefaults.InputNodes;

    /// <summary>Input layer segments. <value>128</value></summary>
    public int InputSegments { get; init; } = NetworkDefaults.InputSegments;

    /// <summary>Hidden layer link kind. <value>Continuous</value></summary>
    public LinkKind HiddenKind { get; init; } = NetworkDefaults.HiddenKind;

    /// <summary>Hidden layer nodes per segment. <value>2</value></summary>
    public int HiddenNodes { get; init; } = NetworkDefaults.HiddenNodes;

    /// <summary>Hidden layer segments. <value>2</value></summary>
    public int HiddenSegments { get; init; } = NetworkDefaults.HiddenSegments;

    /// <summary>Number of hidden layers. <value>1</value></summary>
    public int HiddenLayers { get; init; } = NetworkDefaults.HiddenLayers;

    /// <summary>Width of the input and hidden layers' outputs. <value>250</value></summary>
    public int HiddenWidth { get; init; } = NetworkDefaults.HiddenWidth;

    /// <summary>Output layer link kind. <value>Continuous</value></summary>
    public LinkKind OutputKind { get; init; } = NetworkDefaults.HiddenKind;

    /// <summary>Output layer nodes per segment. <value>2</value></summary>
    public int OutputNodes { get; init; } = NetworkDefaults.OutputNodes;

    /// <summary>Output layer segments. <value>2</value></summary>
    public int OutputSegments { get; init; } = NetworkDefaults.OutputSegments;

    /// <summary>Normalisation before every layer after the first. <value>LayerNorm</value></summary>
    public NormalizationKind Normalization { get; init; } = NetworkDefaults.Normalization;

    /// <summary>Hidden layers add their input to their output (h + f(norm(h))). <value>false</value></summary>
    public bool Residual { get; init; }

    /// <summary>Which layer the input layer is (<see cref="LayerKind.LinkProduct"/>: the original's <c>*_prod</c>
    /// links; <see cref="LayerKind.Product"/>; <see cref="LayerKind.Switch"/>). <value>Sum</value></summary>
    public LayerKind InputLayerKind { get; init; } = LayerKind.Sum;

    /// <summary>Which layer every hidden layer is, see <see cref="InputLayerKind"/>. <value>Sum</value></summary>
    public LayerKind HiddenLayerKind { get; init; } = LayerKind.Sum;

    /// <summary>Which layer the output layer is, see <see cref="InputLayerKind"/>. <value>Sum</value></summary>
    public LayerKind OutputLayerKind { get; init; } = LayerKind.Sum;

    /// <summary>Branches multiplied in every <see cref="LayerKind.Switch"/> layer. <value>2</value></summary>
    public int SwitchBranches { get; init; } = HighOrderLayerDefaults.SwitchBranches;

    /// <summary>What every layer does with inputs outside [-1, 1].</summary>
    public OutOfRangePolicy Range { get; init; } = new HighOrderLayerConfig().Range;

    /// <summary>How every layer's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <summary>Scale of every layer's initial weights (<see cref="HighOrderLayerConfig.WeightMagnitude"/>: the spread of
    /// <see cref="LayerInitialization.Uniform"/> is <c>WeightMagnitude / in</c>). With a sign optimiser (Lion) the spread
    /// counts in learning-rate steps; docs/studies/learning-per-epoch.md. <value>1.0</value></summary>
    public double WeightMagnitude { get; init; } = new HighOrderLayerConfig().WeightMagnitude;

    /// <summary>The input layer's configuration.</summary>
    public HighOrderLayerConfig InputLayer() => Layer(WindowSize, HiddenWidth, InputKind, InputNodes, InputSegments);

    /// <summary>A hidden layer's configuration.</summary>
    public HighOrderLayerConfig HiddenLayer() => Layer(HiddenWidth, HiddenWidth, HiddenKind, HiddenNodes, HiddenSegments);

    /// <summary>The output layer's configuration.</summary>
    public HighOrderLayerConfig OutputLayer() => Layer(HiddenWidth, VocabularySize, OutputKind, OutputNodes, OutputSegments);

    /// <inheritdoc />
    public override long ParameterCount() =>
        FullyConnectedLayers.ParameterCount(InputLayerKind, InputLayer(), SwitchBranches)
        + HiddenLayers * FullyConnectedLayers.ParameterCount(HiddenLayerKind, HiddenLayer(), SwitchBranches)
        + FullyConnectedLayers.ParameterCount(OutputLayerKind, OutputLayer(), SwitchBranches)
        + (HiddenLayers + 1) * Layers.Normalization.ParameterCount(Normalization, HiddenWidth);

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, HiddenLayers >= 0, $"{nameof(HiddenLayers)} must not be negative (got {HiddenLayers})");
        Require(problems, HiddenWidth >= 1, $"{nameof(HiddenWidth)} must be at least 1 (got {HiddenWidth})");
        if (problems.Count > 0)
        {
            return;
        }
        foreach (var (name, kind, layer) in new[] { ("input layer", InputLayerKind, InputLayer()), ("hidden layer", HiddenLayerKind, HiddenLayer()), ("output layer", OutputLayerKind, OutputLayer()) })
        {
            problems.AddRange(FullyConnectedLayers.Problems(kind, layer, SwitchBranches).Select(problem => $"{name}: {problem}"));
        }
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderMlp(this, generator);

    private HighOrderLayerConfig Layer(int inputs, int outputs, LinkKind kind, int nodes, int segments) => new()
    {
        InFeatures = inputs,
        OutFeatures = outputs,
        Kind = kind,
        Nodes = nodes,
        Segments = segments,
        Range = Range,
        Initialization = Initialization,
        WeightMagnitude = WeightMagnitude,
    };
}
