using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Lagrange interpolation basis on Chebyshev–Lobatto nodes over the local interval [-1, 1]
/// (seed-study §1.2).</summary>
/// <remarks>
/// <para>Formula: nodes <c>X_j = -cos(pi j/(n-1))</c>, <c>j = 0..n-1</c> (ascending, both ends included; <c>{0}</c> for
/// <c>n = 1</c>), and <c>l_j(t) = prod_{m != j} (t - X_m)/(X_j - X_m)</c>. Hence <c>l_j(X_k) = delta_jk</c> (a weight is
/// the function value at its node) and <c>sum_j l_j(t) = 1</c> for every <c>t</c> (partition of unity). For
/// <c>n = 1</c> the basis is the constant 1.</para>
/// <para>Worked example, <c>n = 3</c> (nodes -1, 0, 1) at <c>t = 0.5</c>: l_0 = (0.5)(0.5-1)/((-1)(-2)) = -0.125,
/// l_1 = (1.5)(-0.5)/((1)(-1)) = 0.75, l_2 = (1.5)(0.5)/((2)(1)) = 0.375; they sum to 1.</para>
/// </remarks>
public static class LagrangeBasis
{
    /// <summary>The <c>n</c> Chebyshev–Lobatto nodes <c>X_j = -cos(pi j/(n-1))</c> in ascending order;
    /// <c>{0}</c> for <c>n = 1</c>.</summary>
    /// <param name="n">Number of nodes, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1.</exception>
    public static double[] ChebyshevLobattoNodes(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n == 1)
        {
            return [0.0];
        }
        var nodes = new double[n];
        for (int j = 0; j < n; j++)
        {
            nodes[j] = -Math.Cos(Math.PI * j / (n - 1));
        }
        // Make the symmetric nodes exactly symmetric (cos rounds, e.g. -cos(pi/2) is 6e-17, not 0).
        for (int j = 0; j < n / 2; j++)
        {
            double magnitude = 0.5 * (Math.Abs(nodes[j]) + Math.Abs(nodes[n - 1 - j]));
            nodes[j] = -magnitude;
            nodes[n - 1 - j] = magnitude;
        }
        if (n % 2 == 1)
        {
            nodes[n / 2] = 0.0;
        }
        return nodes;
    }

    /// <summary>The values <c>l_j(t)</c>, <c>j = 0..n-1</c>, for every element of <paramref name="t"/>.</summary>
    /// <remarks>
    /// Evaluated in the Chebyshev basis, which is cheap in tensor ops and well conditioned:
    /// <c>l_j(t) = sum_p C[p, j] T_p(t)</c> with <c>T_0 = 1</c>, <c>T_1 = t</c>, <c>T_(p+1) = 2t T_p - T_(p-1)</c> (valid
    /// for any t, so extrapolation is unchanged) and, by the discrete orthogonality of Chebyshev polynomials on the
    /// Lobatto nodes, <c>C[p, j] = 2 T_p(X_j) / ((n-1) c_p c_j)</c>, <c>c = 2</c> at the first and last index and 1
    /// otherwise. For <c>n = 2</c> this is the hat pair <c>l_0 = (1-t)/2</c>, <c>l_1 = (1+t)/2</c>, one fused op. (The
    /// product form needs a reduction over a tiny last dimension that cost about 10x more per layer.)
    /// </remarks>
    /// <param name="t">Local coordinates, any shape, floating point, on any device; differentiable.</param>
    /// <param name="n">Number of nodes, at least 1.</param>
    /// <returns>Shape <c>(..., n)</c>, same dtype and device as <paramref name="t"/>.</returns>
    public static Tensor Evaluate(Tensor t, int n)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n == 1)
        {
            return ones_like(t).unsqueeze(-1);
        }
        using var scope = NewDisposeScope();
        double[] coefficients = ChebyshevCoefficientsRowMajor(n);                              // C[p, j] at p·n + j
        Tensor basis;
        if (n == 2)
        {
            Tensor intercept = tensor(new[] { coefficients[0], coefficients[1] }, dtype: t.dtype, device: t.device); // (2)
            Tensor slope = tensor(new[] { coefficients[2], coefficients[3] }, dtype: t.dtype, device: t.device);     // (2)
            basis = intercept.addcmul(t.unsqueeze(-1), slope, One);                                                             // (..., 2)
        }
        else
        {
            var chebyshev = new Tensor[n];
            chebyshev[0] = ones_like(t);                                                     // T_0
            chebyshev[1] = t;                                                                // T_1
            using Scalar two = 2.0;
            Tensor twiceT = t * two;
            for (int p = 2; p < n; p++)
            {
                chebyshev[p] = twiceT * chebyshev[p - 1] - chebyshev[p - 2];                 // T_p = 2t T_(p-1) - T_(p-2)
            }
            Tensor matrix = tensor(coefficients, [n, n], dtype: t.dtype, device: t.device); // (n, n): C[p, j]
            basis = stack(chebyshev, -1).matmul(matrix);                                     // (..., n)
        }
        return basis.MoveToOuterDisposeScope();
    }

    /// <summary><see cref="ChebyshevCoefficients"/> flattened row by row: element <c>p·n + j</c> is <c>C[p, j]</c>.</summary>
    internal static double[] ChebyshevCoefficientsRowMajor(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n == 1)
        {
            return [1.0];
        }
        double[,] coefficients = ChebyshevCoefficients(n);
        var flat = new double[n * n];
        Buffer.BlockCopy(coefficients, 0, flat, 0, flat.Length * sizeof(double));
        return flat;
    }

    /// <summary><c>C[p, j]</c> such that <c>l_j(t) = sum_p C[p, j] T_p(t)</c>, from the discrete orthogonality of
    /// <c>T_p</c> on the Lobatto nodes: <c>C[p, j] = 2 T_p(X_j) / ((n-1) c_p c_j)</c>.</summary>
    private static double[,] ChebyshevCoefficients(int n)
    {
        double[] nodes = ChebyshevLobattoNodes(n);
        var coefficients = new double[n, n];
        for (int p = 0; p < n; p++)
        {
            double weightP = p == 0 || p == n - 1 ? 2.0 : 1.0;
            for (int j = 0; j < n; j++)
            {
                double weightJ = j == 0 || j == n - 1 ? 2.0 : 1.0;
                double chebyshev = Math.Cos(p * Math.Acos(Math.Clamp(nodes[j], -1.0, 1.0)));
                coefficients[p, j] = 2.0 * chebyshev / ((n - 1) * weightP * weightJ);
            }
        }
        return coefficients;
    }
}
