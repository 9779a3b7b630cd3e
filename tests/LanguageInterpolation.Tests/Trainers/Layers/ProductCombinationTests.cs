using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Trainers.Layers;

// The multiplicative `*_prod` links: a HighOrderLayer with LinkCombination.Product, and the combination itself.
public class ProductCombinationTests
{
    // Inside [-1, 1], off the segment boundaries of S = 4 (multiples of 0.5), two outside the range.
    private static readonly double[,] Inputs =
    {
        { -0.91, 0.13, 0.57 },
        { 0.41, -0.28, 1.23 },
        { -1.3, 0.77, -0.06 },
    };

    public static TheoryData<LinkKind, int, int, PiecewiseAlgorithm, double> Cases()
    {
        var data = new TheoryData<LinkKind, int, int, PiecewiseAlgorithm, double>();
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.ExpandedMatmul, PiecewiseAlgorithm.GatherActive })
        {
            data.Add(LinkKind.Continuous, 2, 4, algorithm, 1.0);
            data.Add(LinkKind.Continuous, 3, 4, algorithm, 0.3);
            data.Add(LinkKind.Discontinuous, 3, 4, algorithm, 1.0);
            data.Add(LinkKind.Polynomial, 4, 1, algorithm, -0.5);
            data.Add(LinkKind.Fourier, 5, 1, algorithm, 1.0);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_Float64_EqualsProductOfScalarReferenceLinks(LinkKind kind, int n, int segments, PiecewiseAlgorithm algorithm, double alpha)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, algorithm, alpha);
        layer.to(ScalarType.Float64);
        double[,] expected = Reference(Inputs, layer);

        double[,] actual = ScalarReference.ToArray(layer.call(ScalarReference.ToTensor(Inputs, ScalarType.Float64)));

        for (int b = 0; b < expected.GetLength(0); b++)
        {
            for (int o = 0; o < expected.GetLength(1); o++)
            {
                Assert.True(Math.Abs(expected[b, o] - actual[b, o]) <= 1e-12 * Math.Max(1, Math.Abs(expected[b, o])), $"[{b},{o}] expected {expected[b, o]} got {actual[b, o]}");
            }
        }
    }

    [Fact]
    public void Forward_WorkedExample_GivesHandComputedValue()
    {
        // Two polynomial n = 2 links into one output: f0 = line through (-1, 0), (1, 1) = (x+1)/2; f1 = line through
        // (-1, 1), (1, -1) = -x. At x = (0.5, 0.25): f0 = 0.75, f1 = -0.25.
        // alpha = 1: (1.75)(0.75) - 1 = 0.3125. alpha = 0.5: 0.3125 + 0.5 (0.75 - 0.25) = 0.5625.
        using var scope = NewDisposeScope();
        foreach ((double alpha, float expected) in new[] { (1.0, 0.3125f), (0.5, 0.5625f) })
        {
            var config = new HighOrderLayerConfig { InFeatures = 2, OutFeatures = 1, Kind = LinkKind.Polynomial, Combination = LinkCombination.Product, ProductAlpha = alpha };
            var layer = new HighOrderLayer("layer", config, new Generator(1));
            using (no_grad())
            {
                layer.Weight.copy_(tensor(new[] { 0f, 1f, 1f, -1f }).view(2, 2, 1));
            }

            float y = layer.call(tensor(new[] { 0.5f, 0.25f }).view(1, 2)).item<float>();

            Assert.Equal(expected, y, 6);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Float64_MatchesCentralFiniteDifferences(LinkKind kind, int n, int segments, PiecewiseAlgorithm algorithm, double alpha)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, algorithm, alpha);
        layer.to(ScalarType.Float64);
        double[,] x0 = (double[,])Inputs.Clone();
        Tensor c = linspace(-1.3, 0.9, 3 * 2, dtype: ScalarType.Float64).view(3, 2);
        Tensor x = ScalarReference.ToTensor(x0, ScalarType.Float64).requires_grad_();
        (layer.call(x) * c).sum().backward();
        double[] inputGradient = x.grad!.data<double>().ToArray();
        double[] weightGradient = layer.Weight.grad!.data<double>().ToArray();

        double Loss()
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return (layer.call(ScalarReference.ToTensor(x0, ScalarType.Float64)) * c).sum().item<double>();
        }

        const double h = 1e-6; // central differences of a polynomial in x or w: error O(h²) ≈ 1e-11
        for (int q = 0; q < x0.Length; q++)
        {
            (int b, int i) = (q / 3, q % 3);
            double saved = x0[b, i];
            x0[b, i] = saved + h;
            double up = Loss();
            x0[b, i] = saved - h;
            double down = Loss();
            x0[b, i] = saved;
            AssertNear((up - down) / (2 * h), inputGradient[q]);
        }
        using var noGradOuter = no_grad();
        Tensor flat = layer.Weight.view(-1);
        for (int q = 0; q < flat.shape[0]; q += 1 + (int)(flat.shape[0] / 17))
        {
            double saved = flat[q].item<double>();
            flat[q] = saved + h;
            double up = Loss();
            flat[q] = saved - h;
            double down = Loss();
            flat[q] = saved;
            AssertNear((up - down) / (2 * h), weightGradient[q]);
        }
    }

    [Fact]
    public void Forward_SmallLinks_StartsCloseToTheAdditiveLayer()
    {
        // prod(1 + f) - 1 = sum f + O(f²): with links of size ~1e-3 the two layers agree to ~1e-5.
        using var scope = NewDisposeScope();
        var config = new HighOrderLayerConfig { InFeatures = 5, OutFeatures = 4, Segments = 4, WeightMagnitude = 5e-3 };
        var additive = new HighOrderLayer("sum", config, new Generator(3));
        var product = new HighOrderLayer("product", config with { Combination = LinkCombination.Product }, new Generator(3));
        Tensor x = linspace(-0.9, 0.95, 15).view(3, 5);

        Tensor difference = (additive.call(x) - product.call(x)).abs().max();

        Assert.True(difference.item<float>() < 1e-4f, $"max difference {difference.item<float>()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emit_MatchesForwardIncludingInputsOutsideTheRange(LinkKind kind, int n, int segments, PiecewiseAlgorithm algorithm, double alpha)
    {
        TorchTestSettings.UseOneThread();
        const int rows = 23, inputs = 3, outputs = 2;
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, algorithm, alpha);
        var random = new Random(3);
        float[] x = Enumerable.Range(0, rows * inputs).Select(_ => (float)((random.NextDouble() * 2 - 1) * 1.6)).ToArray();
        var graph = new OnnxGraphBuilder("layer");
        string input = graph.AddInput("x", DataType.Float, "batch", (long)inputs);
        graph.AddNode("Identity", [HighOrderLayerOnnx.Emit(graph, layer, input, "layer")], "y");
        graph.AddOutput("y", DataType.Float, "batch", (long)outputs);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", x, [rows, inputs])["y"];

        using var noGrad = no_grad();
        float[] torch = layer.call(tensor(x, [rows, inputs])).data<float>().ToArray();
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    [Fact]
    public void Defaults_SumCombinationPureProductTwoBranches()
    {
        var layer = new HighOrderLayerConfig();
        Assert.Equal((LinkCombination.Sum, 1.0), (layer.Combination, layer.ProductAlpha));
        Assert.Equal((1.0, true), (new ProductLayerConfig().Alpha, new ProductLayerConfig().Bias));
        Assert.Equal(LinkCombination.Sum, new HighOrderConvolution1dConfig().Combination);
        Assert.Equal(2, new LanguageInterpolation.Trainers.Networks.HighOrderMlpConfig().SwitchBranches);
    }

    [Fact]
    public void Validate_NonFiniteAlpha_NamesIt()
    {
        var config = new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1, Combination = LinkCombination.Product, ProductAlpha = double.NaN };
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("ProductAlpha", error.Message, StringComparison.Ordinal);
    }

    // Central differences of a polynomial with step 1e-6: truncation ~1e-12, rounding ~1e-16/1e-6 = 1e-10.
    internal static void AssertNear(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-7 * Math.Max(1, Math.Abs(expected)), $"finite difference {expected}, gradient {actual}");

    /// <summary>y_o = prod_i (1 + f_oi) - 1 + (1 - alpha) sum_i f_oi, each link f_oi evaluated alone by the scalar
    /// reference (a one-input, one-output layer).</summary>
    internal static double[,] Reference(double[,] x, HighOrderLayer layer)
    {
        HighOrderLayerConfig c = layer.Config;
        double[,,] w = ScalarReference.Weights(layer);
        int batch = x.GetLength(0), inputs = c.InFeatures, outputs = c.OutFeatures, weights = c.WeightsPerLink;
        var y = new double[batch, outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double product = 1, sum = 0;
                for (int i = 0; i < inputs; i++)
                {
                    var link = new double[1, weights, 1];
                    for (int q = 0; q < weights; q++)
                    {
                        link[0, q, 0] = w[i, q, o];
                    }
                    double f = ScalarReference.Forward(new[,] { { x[b, i] } }, link, c.Kind, c.Nodes, c.Segments, c.Range)[0, 0];
                    product *= 1 + f;
                    sum += f;
                }
                y[b, o] = product - 1 + (1 - c.ProductAlpha) * sum;
            }
        }
        return y;
    }

    private static HighOrderLayer NewLayer(LinkKind kind, int n, int segments, PiecewiseAlgorithm algorithm, double alpha)
    {
        var config = new HighOrderLayerConfig
        {
            InFeatures = 3, OutFeatures = 2, Kind = kind, Nodes = n, Segments = segments, Algorithm = algorithm,
            Combination = LinkCombination.Product, ProductAlpha = alpha,
            WeightMagnitude = 3, // uniform weights in (-1, 1): visible wiggles and products far from 1
        };
        return new HighOrderLayer("layer", config, new Generator(5, device("cpu")));
    }
}
