using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The single source of the causal transformers' defaults (a nanoGPT "baby" shape that trains on 2 CPU cores).</summary>
public static class CausalTransformerDefaults
{
    /// <summary>Model width (embedding and residual stream).</summary>
    public const int Width = 128;

    /// <summary>Attention heads; must divide <see cref="Width"/>.</summary>
    public const int Heads = 4;

    /// <summary>Transformer blocks.</summary>
    public const int Blocks = 4;

    /// <summary>Feed-forward hidden width as a multiple of the model width.</summary>
    public const int FeedForwardMultiple = 4;

    /// <summary>Characters per token of the high-order token embedding (the original's default).</summary>
    public const int CharactersPerFeature = 1;

    /// <summary>Position encoding: learned (measured against sinusoidal in docs/networks/causal-transformers.md).</summary>
    public const PositionEncoding Positions = PositionEncoding.Learned;

    /// <summary>Standard deviation of the token and position embeddings' initial values (nanoGPT's 0.02).</summary>
    public const double EmbeddingStandardDeviation = 0.02;

    /// <summary>Link kind of the high-order token embedding.</summary>
    public const LinkKind InputKind = NetworkDefaults.InputKind;

    /// <summary>Nodes per segment of the high-order token embedding.</summary>
    public const int InputNodes = NetworkDefaults.InputNodes;

    /// <summary>Segments of the high-order token embedding: one per ASCII code, so it is a learnable lookup table.</summary>
    public const int InputSegments = NetworkDefaults.InputSegments;

    /// <summary>Link kind of the high-order q/k/v and feed-forward layers.</summary>
    public const LinkKind BlockKind = LinkKind.Continuous;

    /// <summary>Nodes per segment of the high-order q/k/v and feed-forward layers (2: piecewise linear, whose
    /// extrapolation outside [-1, 1] stays linear).</summary>
    public const int BlockNodes = 2;

    /// <summary>Segments of the high-order q/k/v and feed-forward layers.</summary>
    public const int BlockSegments = 2;

    /// <summary>What the high-order block layers do with layer-normalised inputs outside [-1, 1].</summary>
    public const OutOfRangePolicy Range = OutOfRangePolicy.Extrapolate;
}
