namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The normalisations placed between high-order layers to keep activations inside [-1, 1]
/// (seed-study §1.10). Create one with <see cref="Normalization.Create(NormalizationKind, int)"/>.</summary>
public enum NormalizationKind
{
    /// <summary>Layer normalisation over the last dimension, eps 1e-5, with a trainable gain and bias created eagerly
    /// (the original's lazy LayerNorm never trained them: bug §6.2). The original's <c>layer</c>.</summary>
    LayerNorm,

    /// <summary><c>x / (max|x| + 1e-6)</c> per sample over the last dimension; maps into [-1, 1]. The original's
    /// <c>maxabs</c>.</summary>
    MaxAbs,

    /// <summary><c>(x - mid) / (half_range + 1e-6)</c> per sample over the last dimension, with
    /// <c>mid = (max + min)/2</c> and <c>half_range = max - mid</c>; maps each sample onto [-1, 1]. The original's
    /// <c>maxcenter</c>.</summary>
    MaxCenter,

    /// <summary>Identity. The original's <c>none</c>.</summary>
    None,
}
