using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The rotary position embedding (RoFormer) of a span of positions: cos and sin of the angles t·θⱼ, each (S, d) for
/// head width d, θⱼ = 10000^(-2j/d) for j &lt; d/2, repeated for the second half. Rotating a query or key x (B, H, S,
/// d) gives <c>x·cos + rotateHalf(x)·sin</c> with <c>rotateHalf([x₁, x₂]) = [-x₂, x₁]</c>: the pair (xⱼ, xⱼ₊d/2) turns by
/// t·θⱼ, so q·k depends on the positions only through their difference.
/// </summary>
/// <param name="Cos">cos(t·θ) (S, d).</param>
/// <param name="Sin">sin(t·θ) (S, d).</param>
public sealed record RotaryAngles(Tensor Cos, Tensor Sin)
{
    /// <summary>cos and sin tables (T, d) for positions 0..T-1; d must be even.</summary>
    public static (float[] Cos, float[] Sin) Tables(int positions, int headWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions, 1);
        if (headWidth < 2 || headWidth % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(headWidth), headWidth, "Rotary positions need an even head width.");
        }
        int half = headWidth / 2;
        var cos = new float[positions * headWidth];
        var sin = new float[positions * headWidth];
        for (int t = 0; t < positions; t++)
        {
            for (int j = 0; j < headWidth; j++)
            {
                double angle = t * Math.Pow(10_000, -2.0 * (j % half) / headWidth);
                cos[t * headWidth + j] = (float)Math.Cos(angle);
                sin[t * headWidth + j] = (float)Math.Sin(angle);
            }
        }
        return (cos, sin);
    }

    /// <summary>Rotates <paramref name="x"/> (B, H, S, d) by the angles of its S positions.</summary>
    public Tensor Rotate(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        long half = x.shape[^1] / 2;
        Tensor rotatedHalf = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1);   // [-x₂, x₁]
        return (x * Cos).add_(rotatedHalf * Sin, One);                                         // x·cos + [-x₂, x₁]·sin: (B, H, S, d)
    }
}
