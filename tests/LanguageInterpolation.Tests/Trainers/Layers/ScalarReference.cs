using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

/// <summary>An independent, deliberately naive evaluation of a high-order layer: plain double loops over b, i, o
/// that follow seed-study §1.3–1.5 line by line (trunc-and-clamp segment, lo/hi bounds, product-form Lagrange basis,
/// branchy make_periodic). It shares no code with the library.</summary>
internal static class ScalarReference
{
    public static double[,] Forward(double[,] x, double[,,] w, LinkKind kind, int n, int segments, OutOfRangePolicy policy)
    {
        int batch = x.GetLength(0), inputs = x.GetLength(1), outputs = w.GetLength(2);
        var y = new double[batch, outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < inputs; i++)
            {
                double xi = MapRange(x[b, i], policy);
                double[] phi;
                int start;
                if (kind is LinkKind.Continuous or LinkKind.Discontinuous)
                {
                    int k = (int)Math.Truncate((xi + 1.0) / 2.0 * segments);
                    k = Math.Clamp(k, 0, segments - 1);
                    double lo = -1.0 + 2.0 * k / segments;
                    double hi = -1.0 + 2.0 * (k + 1) / segments;
                    double t = 2.0 * (xi - lo) / (hi - lo) - 1.0;
                    phi = Lagrange(t, n);
                    start = kind == LinkKind.Continuous ? k * (n - 1) : k * n;
                }
                else if (kind == LinkKind.Polynomial)
                {
                    phi = Lagrange(xi, n);
                    start = 0;
                }
                else
                {
                    phi = Fourier(xi, n);
                    start = 0;
                }
                for (int o = 0; o < outputs; o++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        y[b, o] += phi[j] * w[i, start + j, o];
                    }
                }
            }
        }
        return y;
    }

    public static double MapRange(double x, OutOfRangePolicy policy)
    {
        switch (policy)
        {
            case OutOfRangePolicy.Clamp:
                return Math.Min(1.0, Math.Max(-1.0, x));
            case OutOfRangePolicy.MirrorFold:
                // make_periodic(x, p = 2): shift by p/2, remainder modulo 2p, reflect above p, shift back.
                double v = x + 1.0;
                v -= 4.0 * Math.Floor(v / 4.0);
                if (v > 2.0)
                {
                    v = 4.0 - v;
                }
                return v - 1.0;
            default:
                return x;
        }
    }

    public static double[] Lagrange(double t, int n)
    {
        if (n == 1)
        {
            return [1.0];
        }
        var nodes = new double[n];
        for (int j = 0; j < n; j++)
        {
            nodes[j] = -Math.Cos(Math.PI * j / (n - 1));
        }
        var phi = new double[n];
        for (int j = 0; j < n; j++)
        {
            double value = 1.0;
            for (int m = 0; m < n; m++)
            {
                if (m != j)
                {
                    value *= (t - nodes[m]) / (nodes[j] - nodes[m]);
                }
            }
            phi[j] = value;
        }
        return phi;
    }

    public static double[] Fourier(double x, int n)
    {
        var phi = new double[n];
        for (int j = 0; j < n; j++)
        {
            int k = (j + 1) / 2;
            phi[j] = j == 0 ? 0.5 : j % 2 == 1 ? Math.Sin(Math.PI * k * x) : Math.Cos(Math.PI * k * x);
        }
        return phi;
    }

    /// <summary>The layer's weight as a double [in, K, out] array.</summary>
    public static double[,,] Weights(HighOrderLayer layer)
    {
        using var scope = NewDisposeScope();
        HighOrderLayerConfig c = layer.Config;
        double[] flat = layer.Weight.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        var w = new double[c.InFeatures, c.WeightsPerLink, c.OutFeatures];
        Buffer.BlockCopy(flat, 0, w, 0, flat.Length * sizeof(double));
        return w;
    }

    public static Tensor ToTensor(double[,] values, ScalarType dtype)
    {
        var flat = new double[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [values.GetLength(0), values.GetLength(1)], dtype: dtype);
    }

    public static double[,] ToArray(Tensor values)
    {
        using var scope = NewDisposeScope();
        double[] flat = values.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        var result = new double[values.shape[0], values.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
