namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// What every causal transformer shares: <see cref="Blocks"/> pre-norm blocks of width <see cref="Width"/> with
/// <see cref="Heads"/>-head causal self-attention over positions and a feed-forward part
/// <see cref="FeedForwardMultiple"/> times wider, a position embedding (<see cref="Positions"/>) for the
/// <see cref="NetworkConfig.WindowSize"/> positions, a final layer norm and a linear head giving raw logits at
/// every position. The derived records choose the token embedding and the layer kinds.
/// </summary>
public abstract record CausalTransformerConfig : NetworkConfig
{
    /// <summary>Model width (embedding and residual stream). <value>128</value></summary>
    public int Width { get; init; } = CausalTransformerDefaults.Width;

    /// <summary>Attention heads; must divide <see cref="Width"/>. <value>4</value></summary>
    public int Heads { get; init; } = CausalTransformerDefaults.Heads;

    /// <summary>Transformer blocks. <value>4</value></summary>
    public int Blocks { get; init; } = CausalTransformerDefaults.Blocks;

    /// <summary>Feed-forward hidden width as a multiple of <see cref="Width"/>. <value>4</value></summary>
    public int FeedForwardMultiple { get; init; } = CausalTransformerDefaults.FeedForwardMultiple;

    /// <summary>How positions are told apart: a learned table or the fixed sinusoidal one. <value>Learned</value></summary>
    public PositionEncoding Positions { get; init; } = CausalTransformerDefaults.Positions;

    /// <summary>Characters read as one token (the original's <c>characters_per_feature</c>); 1 unless the token
    /// embedding reads several (<see cref="HighOrderEmbeddingTransformerConfig.CharactersPerFeature"/>).</summary>
    public virtual int CharactersPerToken => 1;

    /// <summary>Tokens (positions) in a window: <see cref="NetworkConfig.WindowSize"/> / <see cref="CharactersPerToken"/>.</summary>
    public int TokenCount => WindowSize / CharactersPerToken;

    /// <summary>Width of one head.</summary>
    public int HeadWidth => Width / Heads;

    /// <summary>Hidden width of the feed-forward part.</summary>
    public int FeedForwardWidth => Width * FeedForwardMultiple;

    /// <summary>Parameters shared by all variants: position table (when learned), per block two layer norms and the attention's
    /// output projection, final norm and head. The variants add their embedding, q/k/v and feed-forward.</summary>
    protected long SharedParameterCount() =>
        (Positions == PositionEncoding.Learned ? (long)TokenCount * Width : 0)
        + Blocks * (2L * 2 * Width + (Width + 1L) * Width)
        + 2L * Width + (Width + 1L) * VocabularySize;

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, Width >= 1, $"{nameof(Width)} must be at least 1 (got {Width})");
        Require(problems, Heads >= 1, $"{nameof(Heads)} must be at least 1 (got {Heads})");
        Require(problems, Heads < 1 || Width % Heads == 0, $"{nameof(Heads)} must divide {nameof(Width)} (got {Heads} heads for width {Width})");
        Require(problems, Positions != PositionEncoding.Rotary || Heads < 1 || Width % Heads != 0 || HeadWidth % 2 == 0,
            $"Rotary positions need an even head width (got {HeadWidth}: width {Width} over {Heads} heads)");
        Require(problems, Blocks >= 1, $"{nameof(Blocks)} must be at least 1 (got {Blocks})");
        Require(problems, FeedForwardMultiple >= 1, $"{nameof(FeedForwardMultiple)} must be at least 1 (got {FeedForwardMultiple})");
        AddVariantProblems(problems);
    }

    /// <summary>Adds the problems of the variant's own fields (none by default).</summary>
    protected virtual void AddVariantProblems(List<string> problems)
    {
    }
}
