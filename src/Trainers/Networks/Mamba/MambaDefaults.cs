using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The single source of the Mamba networks' defaults: the original's <c>config/net/mamba.yaml</c> shape
/// (seed-study §2.3, §2.4) and the standard Mamba initialisation.</summary>
public static class MambaDefaults
{
    /// <summary>Model width (d_model: embedding and residual stream).</summary>
    public const int Width = 64;

    /// <summary>Residual blocks (n_layer).</summary>
    public const int Blocks = 5;

    /// <summary>State size per channel (d_state).</summary>
    public const int StateSize = 32;

    /// <summary>Inner width as a multiple of the model width (expand).</summary>
    public const int Expand = 2;

    /// <summary>Kernel of the causal depthwise convolution (d_conv).</summary>
    public const int ConvolutionKernel = 4;

    /// <summary>Rank of the step-size projection; 0 picks ⌈width / 16⌉ (the original's dt_rank "auto").</summary>
    public const int DeltaRank = 0;

    /// <summary>Standard deviation of the tied embedding's initial values (small, as nanoGPT's: the table is also the head).</summary>
    public const double EmbeddingStandardDeviation = 0.02;

    /// <summary>Epsilon of the RMS normalisations.</summary>
    public const double RmsEpsilon = 1e-5;

    /// <summary>Smallest initial step size Δ (the standard Mamba initialisation draws Δ log-uniformly in [min, max]).</summary>
    public const double DeltaMin = 1e-3;

    /// <summary>Largest initial step size Δ.</summary>
    public const double DeltaMax = 0.1;

    /// <summary>Link kind of the high-order projections.</summary>
    public const LinkKind ProjectionKind = LinkKind.Continuous;

    /// <summary>Nodes per segment of the high-order projections (the original's n = 3).</summary>
    public const int ProjectionNodes = 3;

    /// <summary>Segments of the high-order projections (the original's segments = 2).</summary>
    public const int ProjectionSegments = 2;

    /// <summary>High-order layers per projection: the original's HighOrderMLP(in -> out -> out) with
    /// hidden_layers = 0 is two layers.</summary>
    public const int ProjectionLayers = 2;

    /// <summary>What the high-order projections do with inputs outside [-1, 1] (see docs/networks/mamba.md).</summary>
    public const OutOfRangePolicy Range = OutOfRangePolicy.Extrapolate;

    /// <summary>Whether every high-order projection reads tanh of its input: with the default n = 3, raw inputs and
    /// their extrapolated quadratic tails trained worst (docs/networks/mamba.md); for n = 2 raw inputs train best.</summary>
    public const bool SquashInputs = true;
}
