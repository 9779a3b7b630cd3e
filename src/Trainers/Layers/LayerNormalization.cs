using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Layer normalisation over the last dimension with a trainable gain and bias:
/// <c>y = (x - mean) / sqrt(var + 1e-5) · weight + bias</c> (biased variance, as PyTorch).</summary>
/// <remarks>Deviation from the original (bug §6.2): the gain (init 1) and bias (init 0) are created in the
/// constructor and registered, so optimisers built afterwards train them and <c>to(device)</c> moves them.
/// State-dict keys <c>weight</c> and <c>bias</c>, as <c>torch.nn.LayerNorm</c>.</remarks>
public sealed class LayerNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>The epsilon added to the variance.</summary>
    public const double Epsilon = 1e-5;

    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    private readonly int _width;

    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="width">Size of the normalised last dimension, at least 1.</param>
    public LayerNormalization(string name, int width)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _width = width;
        _weight = new Parameter(ones(width));
        _bias = new Parameter(zeros(width));
        _weight.DetachFromDisposeScope(); // the module owns its parameters, whatever scope built it
        _bias.DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>The gain, shape [width], initially 1.</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, shape [width], initially 0.</summary>
    public Parameter Bias => _bias;

    /// <summary>Normalises over the last dimension: float32 on the CPU through the fused loops of
    /// <see cref="FusedLayerNorm"/>, otherwise libtorch's <c>layer_norm</c>.</summary>
    /// <param name="input">(..., width).</param>
    /// <returns>Same shape.</returns>
    public override Tensor forward(Tensor input) =>
        FusedLayerNorm.Covers(input, _weight, _bias)
            ? FusedLayerNorm.Normalize(input, _weight, _bias, Epsilon)
            : nn.functional.layer_norm(input, [_width], _weight, _bias, Epsilon);
}
