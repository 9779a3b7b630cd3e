using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class HighOrderLayerTests
{
    // Inputs inside [-1, 1], on segment boundaries (-0.5, 0, 0.5 for S = 4), at the ends, and outside on both sides.
    private static readonly double[,] Inputs =
    {
        { -1.7, 0.0, 0.31 },
        { -1.0, 0.5, 1.0 },
        { -0.93, -0.5, 0.77 },
        { 0.2, 1.4, -2.6 },
        { 2.9, -0.06, 0.64 },
    };

    public static TheoryData<LinkKind, int, int, OutOfRangePolicy, PiecewiseAlgorithm> KindsAndPolicies()
    {
        var data = new TheoryData<LinkKind, int, int, OutOfRangePolicy, PiecewiseAlgorithm>();
        foreach (OutOfRangePolicy policy in Enum.GetValues<OutOfRangePolicy>())
        {
            foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.ExpandedMatmul, PiecewiseAlgorithm.GatherActive, PiecewiseAlgorithm.Fused })
            {
                data.Add(LinkKind.Continuous, 2, 4, policy, algorithm);
                data.Add(LinkKind.Continuous, 3, 4, policy, algorithm);
                data.Add(LinkKind.Discontinuous, 1, 4, policy, algorithm);
                data.Add(LinkKind.Discontinuous, 3, 4, policy, algorithm);
                data.Add(LinkKind.Polynomial, 4, 1, policy, algorithm);
                data.Add(LinkKind.Fourier, 5, 1, policy, algorithm);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndPolicies))]
    public void Forward_Float64_EqualsScalarReference(LinkKind kind, int n, int segments, OutOfRangePolicy policy, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 3, 2, policy, algorithm);
        layer.to(ScalarType.Float64);
        double[,] expected = ScalarReference.Forward(Inputs, ScalarReference.Weights(layer), kind, n, segments, policy);

        double[,] actual = ScalarReference.ToArray(layer.call(ScalarReference.ToTensor(Inputs, ScalarType.Float64)));

        AssertClose(expected, actual, 1e-12);
    }

    [Theory]
    [MemberData(nameof(KindsAndPolicies))]
    public void Forward_Float32_EqualsScalarReferenceToFloatPrecision(LinkKind kind, int n, int segments, OutOfRangePolicy policy, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 3, 2, policy, algorithm);
        double[,] expected = ScalarReference.Forward(Inputs, ScalarReference.Weights(layer), kind, n, segments, policy);

        double[,] actual = ScalarReference.ToArray(layer.call(ScalarReference.ToTensor(Inputs, ScalarType.Float32)));

        // Float32: inputs are rounded to 6e-8 relative and t = S(x+1) - 2k - 1 loses a few more bits; the cubic
        // extrapolation at |x| = 2.9 amplifies that (|phi| up to ~100), hence 1e-4 absolute on outputs of size ~1-100.
        AssertClose(expected, actual, 1e-4);
    }

    [Fact]
    public void Forward_LargeInputLayerShape_EqualsScalarReference()
    {
        // The 128-segment input layer on ASCII-encoded inputs (c - 64 + 0.5)/64, both algorithms.
        using var scope = NewDisposeScope();
        var x = new double[4, 16];
        for (int b = 0; b < 4; b++)
        {
            for (int i = 0; i < 16; i++)
            {
                x[b, i] = ((b * 37 + i * 11) % 128 - 64 + 0.5) / 64.0;
            }
        }
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.ExpandedMatmul, PiecewiseAlgorithm.GatherActive })
        {
            HighOrderLayer layer = NewLayer(LinkKind.Continuous, 2, 128, 16, 5, OutOfRangePolicy.Extrapolate, algorithm);
            double[,] expected = ScalarReference.Forward(x, ScalarReference.Weights(layer), LinkKind.Continuous, 2, 128, OutOfRangePolicy.Extrapolate);
            AssertClose(expected, ScalarReference.ToArray(layer.call(ScalarReference.ToTensor(x, ScalarType.Float32))), 1e-5);
        }
    }

    [Theory]
    [InlineData(PiecewiseAlgorithm.ExpandedMatmul)]
    [InlineData(PiecewiseAlgorithm.GatherActive)]
    public void Forward_WorkedExampleFromDocs_GivesHandComputedValue(PiecewiseAlgorithm algorithm)
    {
        // docs/layers/high-order-layer.md: Continuous n = 3, S = 2, node values (0, 1, 4, 9, 16) = (2x+2)² at
        // x = -1, -0.5, 0, 0.5, 1. At x = 0.25: k = 1, t = -0.5, l = (0.375, 0.75, -0.125),
        // f = 0.375·4 + 0.75·9 - 0.125·16 = 6.25.
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 3, 2, 1, 1, OutOfRangePolicy.Extrapolate, algorithm);
        using (no_grad())
        {
            layer.Weight.copy_(tensor(new[] { 0f, 1f, 4f, 9f, 16f }).view(1, 5, 1));
        }
        Assert.Equal(6.25f, layer.call(tensor(new[] { 0.25f }).view(1, 1)).item<float>(), 5);
    }

    [Theory]
    [InlineData(2, PiecewiseAlgorithm.ExpandedMatmul)]
    [InlineData(3, PiecewiseAlgorithm.ExpandedMatmul)]
    [InlineData(4, PiecewiseAlgorithm.GatherActive)]
    public void Forward_ContinuousAtInteriorBoundaries_LeftEqualsRight(int n, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        const int segments = 5;
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, n, segments, 1, 3, OutOfRangePolicy.Extrapolate, algorithm);
        layer.to(ScalarType.Float64);
        double[] boundaries = Enumerable.Range(1, segments - 1).Select(k => -1.0 + 2.0 * k / segments).ToArray();
        Tensor left = tensor(boundaries.Select(v => v - 1e-9).ToArray(), dtype: ScalarType.Float64).unsqueeze(1);
        Tensor right = tensor(boundaries.Select(v => v + 1e-9).ToArray(), dtype: ScalarType.Float64).unsqueeze(1);

        double gap = (layer.call(left) - layer.call(right)).abs().max().item<double>();

        Assert.True(gap < 1e-5, $"gap {gap}");
    }

    [Fact]
    public void Forward_DiscontinuousAtInteriorBoundaries_HasTwoDifferentValues()
    {
        using var scope = NewDisposeScope();
        const int segments = 5;
        HighOrderLayer layer = NewLayer(LinkKind.Discontinuous, 2, segments, 1, 3, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        layer.to(ScalarType.Float64);
        double[] boundaries = Enumerable.Range(1, segments - 1).Select(k => -1.0 + 2.0 * k / segments).ToArray();
        Tensor left = tensor(boundaries.Select(v => v - 1e-9).ToArray(), dtype: ScalarType.Float64).unsqueeze(1);
        Tensor right = tensor(boundaries.Select(v => v + 1e-9).ToArray(), dtype: ScalarType.Float64).unsqueeze(1);

        // Left of boundary k is the last node of segment k-1, right of it the first node of segment k.
        double[,,] w = ScalarReference.Weights(layer);
        double[,] jumps = ScalarReference.ToArray(layer.call(right) - layer.call(left));
        for (int k = 1; k < segments; k++)
        {
            for (int o = 0; o < 3; o++)
            {
                double expected = w[0, k * 2, o] - w[0, k * 2 - 1, o];
                Assert.True(Math.Abs(expected) > 1e-3, "the uniform init should give distinct node values");
                Assert.Equal(expected, jumps[k - 1, o], 6);
            }
        }
    }

    public static TheoryData<LinkKind, int, int, PiecewiseAlgorithm> SparseGradientCases() => new()
    {
        { LinkKind.Continuous, 2, 4, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Continuous, 2, 4, PiecewiseAlgorithm.GatherActive },
        { LinkKind.Continuous, 3, 6, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Continuous, 3, 6, PiecewiseAlgorithm.GatherActive },
        { LinkKind.Discontinuous, 2, 10, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Discontinuous, 2, 10, PiecewiseAlgorithm.GatherActive },
        { LinkKind.Discontinuous, 1, 10, PiecewiseAlgorithm.GatherActive },
    };

    [Theory]
    [MemberData(nameof(SparseGradientCases))]
    public void Backward_OneSample_GivesExactlyNNonZeroWeightGradientsPerLink(LinkKind kind, int n, int segments, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 4, 3, OutOfRangePolicy.Extrapolate, algorithm);
        // Off every node, so no basis value is exactly zero.
        Tensor x = tensor(new[] { -0.83f, -0.137f, 0.291f, 0.964f }).unsqueeze(0);

        layer.call(x).sum().backward();

        Tensor nonZeroPerLink = layer.Weight.grad!.ne(Held(0)).sum(1); // (in, out)
        Assert.True(nonZeroPerLink.eq(Held(n)).all().item<bool>(), string.Join(",", nonZeroPerLink.data<long>().ToArray()));
        Assert.Equal(4L * 3 * n, layer.Weight.grad!.ne(Held(0)).sum().item<long>());
    }

    public static TheoryData<LinkKind, int, int, OutOfRangePolicy, PiecewiseAlgorithm> GradientCases() => new()
    {
        { LinkKind.Continuous, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Continuous, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.GatherActive },
        { LinkKind.Discontinuous, 2, 3, OutOfRangePolicy.MirrorFold, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Discontinuous, 2, 3, OutOfRangePolicy.MirrorFold, PiecewiseAlgorithm.GatherActive },
        { LinkKind.Polynomial, 4, 1, OutOfRangePolicy.Clamp, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Fourier, 5, 1, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.GatherActive },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Backward_Float64_MatchesCentralFiniteDifferences(LinkKind kind, int n, int segments, OutOfRangePolicy policy, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 3, 2, policy, algorithm);
        layer.to(ScalarType.Float64);
        // Away from segment boundaries (multiples of 0.5 and 2/3) by far more than the step, some outside [-1, 1].
        double[,] x0 = { { -0.91, 0.13, 0.57 }, { 0.41, -0.28, 1.23 } };
        double[,] cotangent = { { 0.7, -1.3 }, { 0.4, 2.1 } };
        Tensor c = ScalarReference.ToTensor(cotangent, ScalarType.Float64);
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

        const double h = 1e-6; // central differences of a polynomial in x or w: error O(h²·f''') ≈ 1e-11
        for (int b = 0; b < 2; b++)
        {
            for (int i = 0; i < 3; i++)
            {
                double saved = x0[b, i];
                x0[b, i] = saved + h;
                double up = Loss();
                x0[b, i] = saved - h;
                double down = Loss();
                x0[b, i] = saved;
                Assert.Equal((up - down) / (2 * h), inputGradient[b * 3 + i], 6);
            }
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
            Assert.Equal((up - down) / (2 * h), weightGradient[q], 6);
        }
    }

    public static TheoryData<LinkKind, int, int> AlgorithmCases() => new()
    {
        { LinkKind.Continuous, 3, 6 },
        { LinkKind.Continuous, 2, 40 },
        { LinkKind.Discontinuous, 2, 5 },
        { LinkKind.Discontinuous, 1, 7 },
        { LinkKind.Polynomial, 3, 1 },
        { LinkKind.Fourier, 4, 1 },
    };

    [Theory]
    [MemberData(nameof(AlgorithmCases))]
    public void Forward_EveryAlgorithm_GivesSameOutputsAndGradients(LinkKind kind, int n, int segments)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11, device("cpu"));
        Tensor x0 = rand([9, 5], generator: generator) * Held(2.4f) - Held(1.2f);
        Tensor c = randn([9, 7], generator: generator);
        var outputs = new List<Tensor>();
        var weightGradients = new List<Tensor>();
        var inputGradients = new List<Tensor>();
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.ExpandedMatmul, PiecewiseAlgorithm.GatherActive, PiecewiseAlgorithm.Fused })
        {
            HighOrderLayer layer = NewLayer(kind, n, segments, 5, 7, OutOfRangePolicy.Extrapolate, algorithm);
            Tensor x = x0.clone().requires_grad_();
            Tensor y = layer.call(x);
            (y * c).sum().backward();
            outputs.Add(y.detach());
            weightGradients.Add(layer.Weight.grad!.clone());
            inputGradients.Add(x.grad?.clone() ?? zeros_like(x0)); // piecewise constant (n = 1): no path to the input
        }

        for (int other = 1; other < outputs.Count; other++)
        {
            Assert.True(outputs[0].allclose(outputs[other], rtol: 1e-5, atol: 1e-5));
            Assert.True(weightGradients[0].allclose(weightGradients[other], rtol: 1e-5, atol: 1e-5));
            Assert.True(inputGradients[0].allclose(inputGradients[other], rtol: 1e-5, atol: 1e-5));
        }
    }

    [Fact]
    public void Forward_NoGrad_GatherActiveEqualsExpanded()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor x = linspace(-1.1, 1.1, 24).view(8, 3);
        Tensor expanded = NewLayer(LinkKind.Continuous, 2, 16, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.ExpandedMatmul).call(x);
        Tensor gathered = NewLayer(LinkKind.Continuous, 2, 16, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.GatherActive).call(x);
        Assert.True(expanded.allclose(gathered, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_LeadingDimensions_AreKept()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 2, 3, 4, 6, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Tensor x = rand(2, 5, 4) * Held(2) - Held(1);

        Tensor y = layer.call(x);

        Assert.Equal(new long[] { 2, 5, 6 }, y.shape);
        Assert.True(y[1].allclose(layer.call(x[1]), rtol: 1e-5, atol: 1e-6)); // GEMM blocking differs with batch size
    }

    [Fact]
    public void Forward_WrongWidth_ThrowsNamingShape()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 2, 3, 4, 6, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        var error = Assert.Throws<ArgumentException>(() => layer.call(zeros(2, 5)));
        Assert.Contains("(B, 4)", error.Message);
    }

    [Fact]
    public void Constructor_Weight_HasContractShapeAndStateDictKey()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Discontinuous, 3, 5, 4, 6, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Assert.Equal(new long[] { 4, 15, 6 }, layer.Weight.shape);
        Assert.Equal(new[] { "weight" }, layer.state_dict().Keys.ToArray());
        Assert.Single(layer.parameters());
        Assert.True(layer.Weight.requires_grad);
    }

    [Fact]
    public void Constructor_InsideDisposeScope_WeightOutlivesScope()
    {
        HighOrderLayer layer;
        using (NewDisposeScope())
        {
            layer = NewLayer(LinkKind.Continuous, 2, 3, 2, 2, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        }
        using var scope = NewDisposeScope();
        Assert.False(layer.Weight.IsInvalid);
        Assert.Equal(new long[] { 3, 2 }, layer.call(zeros(3, 2)).shape);
    }

    [Theory]
    [InlineData(LinkKind.Continuous, 2, 128, PiecewiseAlgorithm.GatherActive)]      // K/n = 64.5
    [InlineData(LinkKind.Discontinuous, 2, 128, PiecewiseAlgorithm.GatherActive)]   // 128
    [InlineData(LinkKind.Continuous, 2, 30, PiecewiseAlgorithm.ExpandedMatmul)]     // 31/2 = 15.5
    [InlineData(LinkKind.Continuous, 2, 31, PiecewiseAlgorithm.GatherActive)]       // 32/2 = 16
    [InlineData(LinkKind.Discontinuous, 2, 8, PiecewiseAlgorithm.ExpandedMatmul)]   // 8 (small preset)
    [InlineData(LinkKind.Discontinuous, 2, 16, PiecewiseAlgorithm.GatherActive)]    // 16
    [InlineData(LinkKind.Continuous, 3, 24, PiecewiseAlgorithm.GatherActive)]       // 49/3 = 16.3
    [InlineData(LinkKind.Continuous, 2, 2, PiecewiseAlgorithm.ExpandedMatmul)]      // 1.5 (hidden layers)
    [InlineData(LinkKind.Polynomial, 20, 1, PiecewiseAlgorithm.ExpandedMatmul)]
    public void Algorithm_Auto_PicksByWeightsPerActiveBasis(LinkKind kind, int n, int segments, PiecewiseAlgorithm expected)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, 2, 2, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Auto);
        Assert.Equal(expected, layer.Algorithm);
    }

    internal static HighOrderLayer NewLayer(LinkKind kind, int n, int segments, int inputs, int outputs, OutOfRangePolicy policy, PiecewiseAlgorithm algorithm, LayerInitialization initialization = LayerInitialization.Uniform, ulong seed = 3)
    {
        var config = new HighOrderLayerConfig
        {
            InFeatures = inputs,
            OutFeatures = outputs,
            Kind = kind,
            Nodes = n,
            Segments = segments,
            Range = policy,
            Algorithm = algorithm,
            Initialization = initialization,
            WeightMagnitude = inputs, // Uniform weights in (-1, 1): visible wiggles
        };
        return new HighOrderLayer("layer", config, new Generator(seed, device("cpu")));
    }

    private static void AssertClose(double[,] expected, double[,] actual, double tolerance)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int b = 0; b < expected.GetLength(0); b++)
        {
            for (int o = 0; o < expected.GetLength(1); o++)
            {
                double scale = Math.Max(1.0, Math.Abs(expected[b, o]));
                Assert.True(Math.Abs(expected[b, o] - actual[b, o]) <= tolerance * scale, $"[{b},{o}] expected {expected[b, o]} got {actual[b, o]}");
            }
        }
    }
}
