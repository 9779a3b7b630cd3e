using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The single source of network defaults (the large_single_layer preset's shape).</summary>
public static class NetworkDefaults
{
    /// <summary>Input layer link kind.</summary>
    public const LinkKind InputKind = LinkKind.Continuous;

    /// <summary>Nodes per segment of the input layer (2: piecewise linear).</summary>
    public const int InputNodes = 2;

    /// <summary>Input layer segments: 128, one per ASCII code, so that the first layer is a learnable lookup table.</summary>
    public const int InputSegments = 128;

    /// <summary>Hidden and output layer link kind.</summary>
    public const LinkKind HiddenKind = LinkKind.Continuous;

    /// <summary>Nodes per segment of hidden layers.</summary>
    public const int HiddenNodes = 2;

    /// <summary>Segments of hidden layers.</summary>
    public const int HiddenSegments = 2;

    /// <summary>Hidden layers.</summary>
    public const int HiddenLayers = 1;

    /// <summary>Hidden width.</summary>
    public const int HiddenWidth = 250;

    /// <summary>Nodes per segment of the output layer.</summary>
    public const int OutputNodes = 2;

    /// <summary>Segments of the output layer.</summary>
    public const int OutputSegments = 2;

    /// <summary>Normalisation between layers: trainable layer norm (the original's "layer", which never trained).</summary>
    public const NormalizationKind Normalization = NormalizationKind.LayerNorm;
}
