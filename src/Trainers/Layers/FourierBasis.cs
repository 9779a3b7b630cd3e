using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The truncated Fourier basis of <see cref="LinkKind.Fourier"/> links, period <c>P = 2</c>
/// (seed-study §1.2).</summary>
/// <remarks>
/// <para>Formula, for <c>j = 0..n-1</c>: <c>f_0(x) = 0.5</c>; for <c>j &gt;= 1</c>, with <c>k = floor((j+1)/2)</c>,
/// <c>f_j(x) = sin(pi k x)</c> for odd <c>j</c> and <c>cos(pi k x)</c> for even <c>j</c>. So <c>n</c> counts basis
/// functions, not frequencies: <c>n = 5</c> gives 0.5, sin(pi x), cos(pi x), sin(2 pi x), cos(2 pi x).</para>
/// <para>Computed as one fused expression <c>a_j · sin(pi k_j x + phi_j)</c> with <c>phi_j = pi/2</c> for the cosines and
/// the constant (<c>a_0 = 0.5</c>, <c>k_0 = 0</c>).</para>
/// </remarks>
public static class FourierBasis
{
    /// <summary>The values <c>f_j(x)</c>, <c>j = 0..n-1</c>, for every element of <paramref name="x"/>.</summary>
    /// <param name="x">Inputs, any shape, floating point, on any device; differentiable.</param>
    /// <param name="n">Number of basis functions, at least 1.</param>
    /// <returns>Shape <c>(..., n)</c>, same dtype and device as <paramref name="x"/>.</returns>
    public static Tensor Evaluate(Tensor x, int n)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        using var scope = NewDisposeScope();
        var frequency = new double[n];
        var phase = new double[n];
        var amplitude = new double[n];
        for (int j = 0; j < n; j++)
        {
            int k = (j + 1) / 2;
            frequency[j] = Math.PI * k;
            phase[j] = j % 2 == 1 ? 0.0 : Math.PI / 2;
            amplitude[j] = j == 0 ? 0.5 : 1.0;
        }
        Tensor angularFrequency = tensor(frequency, dtype: x.dtype, device: x.device);    // (n)
        Tensor phaseShift = tensor(phase, dtype: x.dtype, device: x.device);             // (n)
        Tensor scale = tensor(amplitude, dtype: x.dtype, device: x.device);              // (n)
        Tensor basis = (x.unsqueeze(-1) * angularFrequency).add_(phaseShift, One).sin() * scale;  // sin(ω·x + φ)·a: (..., n)
        return basis.MoveToOuterDisposeScope();
    }
}
