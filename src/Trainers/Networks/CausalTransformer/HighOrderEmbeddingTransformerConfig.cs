using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// What the causal transformers with a high-order token embedding share (<see cref="HighOrderTokenEmbedding"/>:
/// the character's [-1, 1] value through one high-order layer 1 -> <see cref="CausalTransformerConfig.Width"/>):
/// the embedding layer's fields and the validation of high-order layer configurations.
/// </summary>
public abstract record HighOrderEmbeddingTransformerConfig : CausalTransformerConfig
{
    /// <summary>Embedding link kind. <value>Continuous</value></summary>
    public LinkKind InputKind { get; init; } = CausalTransformerDefaults.InputKind;

    /// <summary>Embedding nodes per segment. <value>2</value></summary>
    public int InputNodes { get; init; } = CausalTransformerDefaults.InputNodes;

    /// <summary>Embedding segments (at least the vocabulary size makes it a lookup table). <value>128</value></summary>
    public int InputSegments { get; init; } = CausalTransformerDefaults.InputSegments;

    /// <summary>Characters per token (the original's <c>characters_per_feature</c>): the embedding reads the values of
    /// this many consecutive characters (a high-order layer with as many inputs), attention runs over
    /// <c>window / characters_per_feature</c> tokens and each token predicts the character after its last one. Must
    /// divide the window. Above 1, generation recomputes the window (a new character changes every token).
    /// <value>1</value></summary>
    public int CharactersPerFeature { get; init; } = CausalTransformerDefaults.CharactersPerFeature;

    /// <inheritdoc />
    public override int CharactersPerToken => CharactersPerFeature;

    /// <summary>How every high-order layer's weights start.</summary>
    public LayerInitialization Initialization { get; init; } = new HighOrderLayerConfig().Initialization;

    /// <summary>The embedding layer's configuration (characters per feature -> width).</summary>
    public HighOrderLayerConfig EmbeddingLayer() => new()
    {
        InFeatures = Math.Max(1, CharactersPerFeature),
        OutFeatures = Width,
        Kind = InputKind,
        Nodes = InputNodes,
        Segments = InputSegments,
        Initialization = Initialization,
    };

    /// <inheritdoc />
    protected override void AddVariantProblems(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Require(problems, CharactersPerFeature >= 1, $"{nameof(CharactersPerFeature)} must be at least 1 (got {CharactersPerFeature})");
        Require(problems, CharactersPerFeature < 1 || WindowSize % CharactersPerFeature == 0,
            $"{nameof(CharactersPerFeature)} must divide the window size (got {CharactersPerFeature} characters per feature for a {WindowSize}-character window)");
        AddLayerProblems(problems, "embedding", EmbeddingLayer);
    }

    /// <summary>Adds the problems of a high-order layer's configuration, prefixed by <paramref name="what"/>.</summary>
    protected static void AddLayerProblems(List<string> problems, string what, Func<HighOrderLayerConfig> layer)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(layer);
        try
        {
            layer().Validate();
        }
        catch (ArgumentException error)
        {
            problems.Add($"{what}: {error.Message}");
        }
    }
}
