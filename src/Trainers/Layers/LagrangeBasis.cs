using TorchSharp;
using static TorchSharp.torch;

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
        double[] nodes = ChebyshevLobattoNodes(n);
        var inverseDenominators = new double[n];
        for (int j = 0; j < n; j++)
        {
            double denominator = 1.0;
            for (int m = 0; m < n; m++)
            {
                if (m != j)
                {
                    denominator *= nodes[j] - nodes[m];
                }
            }
            inverseDenominators[j] = 1.0 / denominator;
        }
        Tensor nodeTensor = tensor(nodes, dtype: t.dtype, device: t.device);                // (n)
        Tensor scale = tensor(inverseDenominators, dtype: t.dtype, device: t.device);       // (n)
        Tensor offsets = t.unsqueeze(-1) - nodeTensor;                                       // (..., n): t - X_m
        // Row j of the (n, n) table holds t - X_m for m != j and 1 on the diagonal, so its product is the numerator.
        Tensor diagonal = eye(n, dtype: ScalarType.Bool, device: t.device);                 // (n, n)
        Tensor table = offsets.unsqueeze(-2).masked_fill(diagonal, 1.0);                     // (..., n, n)
        Tensor basis = table.prod(-1) * scale;                                               // (..., n)
        return basis.MoveToOuterDisposeScope();
    }
}
