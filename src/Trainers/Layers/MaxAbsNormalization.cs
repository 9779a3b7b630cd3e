using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary><c>y = x / (max_k |x_k| + 1e-6)</c> per sample over the last dimension: maps into [-1, 1]. No
/// parameters. The original's <c>MaxAbsNormalizationLast</c>.</summary>
public sealed class MaxAbsNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>The epsilon added to the maximum.</summary>
    public const double Epsilon = 1e-6;

    private static readonly Scalar HeldEpsilon = Epsilon;

    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name.</param>
    public MaxAbsNormalization(string name)
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
        Tensor magnitude = input.abs().amax([-1], keepdim: true);  // (..., 1)
        Tensor y = input / magnitude.add(HeldEpsilon, One);          // x / (max |x| + ε): (..., width)
        return y.MoveToOuterDisposeScope();
    }
}
