using System.Text.Json.Serialization;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The dual convolution network (the original's <c>dual_convolution</c>): every character becomes an
/// <see cref="EmbeddingWidth"/>-wide vector through one high-order layer (1 -> E, <see cref="InputSegments"/>
/// segments); then, while more than one vector remains, neighbouring pairs are concatenated (2E) and merged back to E
/// by one shared high-order MLP (2E -> H, <see cref="HiddenLayers"/> × (H -> H), H -> E, a normalisation before every
/// layer after the first and after the merge), a zero vector padding the left end of an odd-length level; the last
/// vector goes through a Linear layer to V logits. The depth is <c>ceil(log2 T)</c>.
/// Fixes (seed-study §2.4, §6.6): the original embeds through a width-1 hidden layer followed by a normalisation,
/// which maps every character to about the same value (maxabs: sign(·) = +1; layer norm: exactly 0), so character
/// identity is lost; here the embedding is one layer straight from the character value to E values. The link kinds
/// are configurable (the original hard-coded discontinuous).
/// </summary>
public sealed record DualConvolutionConfig : NetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "dual_convolution";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Width E of every character's and every merged vector. <value>32</value></summary>
    public int EmbeddingWidth { get; init; } = 32;

    /// <summary>Width H of the merge MLP's hidden layers. <value>64</value></summary>
    public int HiddenWidth { get; init; } = 64;

    /// <summary>Hidden (H -> H) layers of the merge MLP. <value>0</value></summary>
    public int HiddenLayers { get; init; }

    /// <summary>Link kind of the embedding layer. <value>Discontinuous</value> (as the original)</summary>
    public LinkKind InputKind { get; init; } = LinkKind.Discontinuous;

    /// <summary>Nodes per segment of the embedding layer. <value>2</value></summary>
    public int InputNodes { get; init; } = 2;

    /// <summary>Segments of the embedding layer. <value>128</value></summary>
    public int InputSegments { get; init; } = NetworkDefaults.InputSegments;

    /// <summary>Link kind of the merge MLP. <value>Discontinuous</value> (as the original)</summary>
    public LinkKind Kind { get; init; } = LinkKind.Discontinuous;

    /// <summary>Nodes per segment of the merge MLP. <value>3</value> (the original's n)</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Segments of the merge MLP. <value>2</value></summary>
    public int Segments { get; init; } = 2;

    /// <summary>Normalisation after the embedding, inside the merge MLP and after every merge. <value>LayerNorm</value></summary>
    public NormalizationKind Normalization { get; init; } = NetworkDefaults.Normalization;

    /// <summary>What every link does with inputs outside [-1, 1].</summary>
    public OutOfRangePolicy Range { get; init; } = new HighOrderLayerConfig().Range;

    /// <summary>How every link's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <summary>Merge levels, <c>ceil(log2 T)</c>.</summary>
    public int Depth => WindowSize <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(WindowSize));

    /// <summary>The embedding layer (1 -> E).</summary>
    public HighOrderLayerConfig EmbeddingLayer() => Layer(1, EmbeddingWidth, InputKind, InputNodes, InputSegments);

    /// <summary>The merge MLP's layers in order: 2E -> H, H -> H (× <see cref="HiddenLayers"/>), H -> E.</summary>
    public IReadOnlyList<HighOrderLayerConfig> MergeLayers() =>
        [Layer(2 * EmbeddingWidth, HiddenWidth, Kind, Nodes, Segments),
         .. Enumerable.Repeat(Layer(HiddenWidth, HiddenWidth, Kind, Nodes, Segments), HiddenLayers),
         Layer(HiddenWidth, EmbeddingWidth, Kind, Nodes, Segments)];

    /// <inheritdoc />
    public override long ParameterCount() =>
        EmbeddingLayer().ParameterCount + MergeLayers().Sum(layer => layer.ParameterCount)
        + Layers.Normalization.ParameterCount(Normalization, EmbeddingWidth) * 2           // after the embedding and after every merge
        + Layers.Normalization.ParameterCount(Normalization, HiddenWidth) * (HiddenLayers + 1) // inside the merge MLP
        + (EmbeddingWidth + 1L) * VocabularySize;

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, EmbeddingWidth >= 1, $"{nameof(EmbeddingWidth)} must be at least 1 (got {EmbeddingWidth})");
        Require(problems, HiddenWidth >= 1, $"{nameof(HiddenWidth)} must be at least 1 (got {HiddenWidth})");
        Require(problems, HiddenLayers >= 0, $"{nameof(HiddenLayers)} must not be negative (got {HiddenLayers})");
        if (problems.Count > 0)
        {
            return;
        }
        foreach (var (name, layer) in new[] { ("embedding layer", EmbeddingLayer()), ("merge layers", MergeLayers()[0]) })
        {
            try
            {
                layer.Validate();
            }
            catch (ArgumentException error)
            {
                problems.Add($"{name}: {error.Message.TrimEnd('.')}");
            }
        }
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new DualConvolution(this, generator);

    private HighOrderLayerConfig Layer(int inputs, int outputs, LinkKind kind, int nodes, int segments) => new()
    {
        InFeatures = inputs,
        OutFeatures = outputs,
        Kind = kind,
        Nodes = nodes,
        Segments = segments,
        Range = Range,
        Initialization = Initialization,
    };
}
