using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Root-mean-square normalisation over the last dimension with a trainable gain (Mamba's RMSNorm):
/// <c>y = x / sqrt(mean(x²) + ε) · weight</c>, ε = 1e-5, gain initially 1. State-dict key <c>weight</c>.</summary>
public sealed class RmsNormalization : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="width">Size of the normalised last dimension, at least 1.</param>
    public RmsNormalization(string name, int width) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _weight = new Parameter(ones(width));
        _weight.DetachFromDisposeScope(); // the module owns its gain, whatever scope built it
        RegisterComponents();
    }

    /// <summary>The gain, shape [width], initially 1 (looked up by name: moving the module replaces it).</summary>
    public Parameter Weight => get_parameter("weight")!;

    /// <summary>(..., width) -> (..., width).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        using Scalar epsilon = MambaDefaults.RmsEpsilon;                                     // held: see HeldScalars
        Tensor meanSquare = (input * input).mean([-1], keepdim: true);                       // (..., 1)
        Tensor y = input * meanSquare.add(epsilon, One).rsqrt() * Weight;                    // x / √(mean x² + ε) · g: (..., width)
        return y.MoveToOuterDisposeScope();
    }
}
