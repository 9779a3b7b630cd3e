using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Central finite differences of a scalar loss: the independent check of the analytic gradients in the
/// layer tests. Each value is moved by ±<see cref="Step"/> and restored.</summary>
internal static class CentralDifferences
{
    /// <summary>The step: the tests' inputs lie off segment boundaries by far more, so on piecewise polynomials the
    /// error is O(h²) ≈ 1e-11.</summary>
    public const double Step = 1e-6;

    /// <summary>(loss(v + h) - loss(v - h)) / 2h for the value read by <paramref name="get"/> and written by
    /// <paramref name="set"/>.</summary>
    public static double Derivative(Func<double> loss, Func<double> get, Action<double> set)
    {
        double saved = get();
        set(saved + Step);
        double up = loss();
        set(saved - Step);
        double down = loss();
        set(saved);
        return (up - down) / (2 * Step);
    }

    /// <summary>Checks <paramref name="gradient"/> (row-major) against the difference quotient of every entry of
    /// <paramref name="x"/>, which <paramref name="loss"/> reads.</summary>
    public static void AssertInputGradient(double[,] x, Func<double> loss, double[] gradient, Action<double, double> assertNear)
    {
        int columns = x.GetLength(1);
        for (int q = 0; q < x.Length; q++)
        {
            (int row, int column) = (q / columns, q % columns);
            assertNear(Derivative(loss, () => x[row, column], value => x[row, column] = value), gradient[q]);
        }
    }

    /// <summary>Checks <paramref name="gradient"/> against the difference quotient of every
    /// <paramref name="every"/>-th entry of <paramref name="parameter"/> (moved in place, without autograd).</summary>
    public static void AssertParameterGradient(Tensor parameter, Func<double> loss, double[] gradient, Action<double, double> assertNear, int every = 1)
    {
        using var noGrad = no_grad();
        Tensor flat = parameter.view(-1);
        for (int q = 0; q < flat.shape[0]; q += every)
        {
            int entry = q;
            assertNear(Derivative(loss, () => flat[entry].item<double>(), value => flat[entry] = value), gradient[entry]);
        }
    }
}
