using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary><c>y = (x - mid) / (half_range + 1e-6)</c> per sample over the last dimension, with
/// <c>mid = (max + min)/2</c> and <c>half_range = max - mid</c>: maps each sample onto [-1, 1]. No parameters. The
/// original's <c>MaxCenterNormalizationLast</c>.</summary>
public sealed class MaxCenterNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>The epsilon added to the half range.</summary>
    public const double Epsilon = 1e-6;

    private static readonly Scalar HeldEpsilon = Epsilon;
    private static readonly Scalar Half = 0.5;

    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name.</param>
    public MaxCenterNormalization(string name)
        : base(name)
    {
        RegisterComponents();
    }

    /// <summary>Normalises over the last dimension.</summary>
    /// <param name="input">(..., width).</param>
    /// <returns>Same shape.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor high = input.amax([-1], keepdim: true);  // (..., 1)
        Tensor low = input.amin([-1], keepdim: true);   // (..., 1)
        Tensor middle = high.add(low, One).mul_(Half);  // (high + low) / 2: (..., 1)
        Tensor halfRange = high - middle;               // (..., 1)
        Tensor y = (input - middle) / halfRange.add(HeldEpsilon, One);
        return y.MoveToOuterDisposeScope();
    }
}
