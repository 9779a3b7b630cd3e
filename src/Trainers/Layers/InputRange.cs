using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Applies an <see cref="OutOfRangePolicy"/> to layer inputs before the segment lookup.</summary>
public static class InputRange
{
    private static readonly Scalar MinusOne = -1.0;

    /// <summary>Maps <paramref name="x"/> according to <paramref name="policy"/>: unchanged for
    /// <see cref="OutOfRangePolicy.Extrapolate"/>, clamped to [-1, 1] for <see cref="OutOfRangePolicy.Clamp"/>, and
    /// folded by the triangle wave <c>1 - |((x + 1) mod 4) - 2|</c> (the original's <c>make_periodic</c>, p = 2) for
    /// <see cref="OutOfRangePolicy.MirrorFold"/>.</summary>
    /// <param name="x">Inputs, any shape; differentiable.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>A new tensor (an alias of <paramref name="x"/> for Extrapolate), same shape, dtype and device.</returns>
    public static Tensor Apply(Tensor x, OutOfRangePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(x);
        return policy switch
        {
            OutOfRangePolicy.Extrapolate => x.alias(),
            OutOfRangePolicy.Clamp => x.clamp(MinusOne, One),
            OutOfRangePolicy.MirrorFold => MirrorFold(x),
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown out-of-range policy."),
        };
    }

    private static Tensor MirrorFold(Tensor x)
    {
        using var scope = NewDisposeScope();
        using Scalar period = 4.0, half = 2.0;
        Tensor phase = x.add(One, One).remainder(period);   // x + 1 in [0, 4): position along one period of the fold
        Tensor folded = (phase - half).abs().neg_().add_(One, One); // 1 - |phase - 2|: 0..2 rises, 2..4 falls back: in [-1, 1]
        return folded.MoveToOuterDisposeScope();
    }
}
