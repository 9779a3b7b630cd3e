using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Creates the normalisation modules placed between high-order layers.</summary>
public static class Normalization
{
    /// <summary>A new normalisation module over the last dimension.</summary>
    /// <param name="kind">Which normalisation.</param>
    /// <param name="width">Size of the last dimension (used by <see cref="NormalizationKind.LayerNorm"/> for its gain
    /// and bias; checked to be at least 1 for every kind).</param>
    /// <returns><see cref="LayerNormalization"/>, <see cref="MaxAbsNormalization"/>,
    /// <see cref="MaxCenterNormalization"/> or <see cref="IdentityNormalization"/>.</returns>
    public static nn.Module<Tensor, Tensor> Create(NormalizationKind kind, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        return kind switch
        {
            NormalizationKind.LayerNorm => new LayerNormalization("layer_norm", width),
            NormalizationKind.MaxAbs => new MaxAbsNormalization("max_abs"),
            NormalizationKind.MaxCenter => new MaxCenterNormalization("max_center"),
            NormalizationKind.None => new IdentityNormalization("identity"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown normalization kind."),
        };
    }

    /// <summary>Learnable parameters of one normalisation module of the given width (a layer norm's gain and bias).</summary>
    public static long ParameterCount(NormalizationKind kind, int width) => kind == NormalizationKind.LayerNorm ? 2L * width : 0;
}
