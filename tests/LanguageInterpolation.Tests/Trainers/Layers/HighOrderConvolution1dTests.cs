using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class HighOrderConvolution1dTests
{
    private const int Batch = 2, Channels = 2, Length = 7;

    public static TheoryData<LinkKind, int, int, int, int, bool, PiecewiseAlgorithm, ConvolutionFormulation> Cases() => new()
    {
        { LinkKind.Continuous, 2, 4, 1, 0, false, PiecewiseAlgorithm.ExpandedMatmul, ConvolutionFormulation.Windows },
        { LinkKind.Continuous, 3, 4, 2, 1, false, PiecewiseAlgorithm.GatherActive, ConvolutionFormulation.Windows },
        { LinkKind.Discontinuous, 2, 5, 3, 2, true, PiecewiseAlgorithm.ExpandedMatmul, ConvolutionFormulation.Windows },
        { LinkKind.Discontinuous, 1, 6, 2, 0, false, PiecewiseAlgorithm.GatherActive, ConvolutionFormulation.Windows },
        { LinkKind.Polynomial, 3, 1, 1, 2, true, PiecewiseAlgorithm.ExpandedMatmul, ConvolutionFormulation.Windows },
        { LinkKind.Fourier, 4, 1, 2, 1, false, PiecewiseAlgorithm.Auto, ConvolutionFormulation.Windows },
        { LinkKind.Continuous, 2, 4, 1, 0, false, PiecewiseAlgorithm.Auto, ConvolutionFormulation.ExpandedConvolution },
        { LinkKind.Continuous, 3, 4, 2, 1, false, PiecewiseAlgorithm.Auto, ConvolutionFormulation.ExpandedConvolution },
        { LinkKind.Discontinuous, 2, 5, 3, 2, true, PiecewiseAlgorithm.Auto, ConvolutionFormulation.ExpandedConvolution },
        { LinkKind.Polynomial, 3, 1, 1, 2, true, PiecewiseAlgorithm.Auto, ConvolutionFormulation.ExpandedConvolution },
        { LinkKind.Fourier, 4, 1, 2, 1, false, PiecewiseAlgorithm.Auto, ConvolutionFormulation.ExpandedConvolution },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_Float64_EqualsScalarConvolution(LinkKind kind, int n, int segments, int stride, int padding, bool rescale, PiecewiseAlgorithm algorithm, ConvolutionFormulation formulation)
    {
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(kind, n, segments, kernel: 3, stride, padding, rescale, algorithm, formulation);
        convolution.to(ScalarType.Float64);
        double[,,] x = Inputs();

        double[,,] expected = ScalarConvolution(x, convolution);
        Tensor actual = convolution.call(ToTensor(x));

        Assert.Equal(new long[] { Batch, 3, expected.GetLength(2) }, actual.shape);
        double[] flat = actual.data<double>().ToArray();
        for (int q = 0; q < flat.Length; q++)
        {
            double e = expected[q / (3 * expected.GetLength(2)), q / expected.GetLength(2) % 3, q % expected.GetLength(2)];
            Assert.True(Math.Abs(e - flat[q]) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"[{q}] expected {e} got {flat[q]}");
        }
    }

    [Fact]
    public void Forward_WorkedExample_GivesHandComputedValues()
    {
        // One channel, kernel 2, stride 1, padding 1, continuous n = 2, S = 1: link j is the line through its two node
        // values w[j, 0] at x = -1 and w[j, 1] at x = 1. Link 0 = (0, 2) -> f0(x) = x + 1; link 1 = (1, -1) ->
        // f1(x) = -x.
        // Input (0.5, -0.25), padded to (pad, 0.5, -0.25, pad): outputs at l = 0, 1, 2:
        // l0 = f1(0.5) = -0.5; l1 = f0(0.5) + f1(-0.25) = 1.5 + 0.25 = 1.75; l2 = f0(-0.25) = 0.75.
        using var scope = NewDisposeScope();
        var config = new HighOrderConvolution1dConfig { InChannels = 1, OutChannels = 1, KernelSize = 2, Padding = 1, Segments = 1 };
        var convolution = new HighOrderConvolution1d("conv", config, new Generator(1));
        using (no_grad())
        {
            convolution.Links.Weight.copy_(tensor(new[] { 0f, 2f, 1f, -1f }).view(2, 2, 1));
        }

        float[] y = convolution.call(tensor(new[] { 0.5f, -0.25f }).view(1, 1, 2)).data<float>().ToArray();

        Assert.Equal(new[] { -0.5f, 1.75f, 0.75f }, y);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Float64_MatchesCentralFiniteDifferences(LinkKind kind, int n, int segments, int stride, int padding, bool rescale, PiecewiseAlgorithm algorithm, ConvolutionFormulation formulation)
    {
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(kind, n, segments, kernel: 3, stride, padding, rescale, algorithm, formulation);
        convolution.to(ScalarType.Float64);
        double[,,] x0 = Inputs();
        Tensor x = ToTensor(x0).requires_grad_();
        Tensor y = convolution.call(x);
        Tensor cotangent = linspace(-1.3, 0.9, y.numel(), dtype: ScalarType.Float64).view(y.shape);
        (y * cotangent).sum().backward();
        double[] inputGradient = x.grad?.data<double>().ToArray() ?? new double[x0.Length]; // piecewise constant: no path to the input
        double[] weightGradient = convolution.Links.Weight.grad!.data<double>().ToArray();

        double Loss(double[,,] values)
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return (convolution.call(ToTensor(values)) * cotangent).sum().item<double>();
        }

        const double h = 1e-6; // central differences of piecewise polynomials, away from segment boundaries: error ~1e-11
        for (int q = 0; q < x0.Length; q++)
        {
            (int b, int c, int l) = (q / (Channels * Length), q / Length % Channels, q % Length);
            double saved = x0[b, c, l];
            x0[b, c, l] = saved + h;
            double up = Loss(x0);
            x0[b, c, l] = saved - h;
            double down = Loss(x0);
            x0[b, c, l] = saved;
            Assert.Equal((up - down) / (2 * h), inputGradient[q], 6);
        }
        using var noGradOuter = no_grad();
        Tensor flat = convolution.Links.Weight.view(-1);
        for (int q = 0; q < flat.shape[0]; q += 1 + (int)(flat.shape[0] / 23))
        {
            double saved = flat[q].item<double>();
            flat[q] = saved + h;
            double up = Loss(x0);
            flat[q] = saved - h;
            double down = Loss(x0);
            flat[q] = saved;
            Assert.Equal((up - down) / (2 * h), weightGradient[q], 6);
        }
    }

    [Fact]
    public void Forward_BothAlgorithms_GiveSameOutputsAndGradients()
    {
        using var scope = NewDisposeScope();
        Tensor x0 = linspace(-1.1, 1.05, Batch * Channels * 11).view(Batch, Channels, 11);
        var results = new List<(Tensor Y, Tensor Gradient)>();
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.ExpandedMatmul, PiecewiseAlgorithm.GatherActive })
        {
            HighOrderConvolution1d convolution = NewConvolution(LinkKind.Continuous, 2, 32, kernel: 4, stride: 2, padding: 1, rescale: false, algorithm);
            Tensor x = x0.clone().requires_grad_();
            Tensor y = convolution.call(x);
            (y * y).sum().backward();
            results.Add((y.detach(), x.grad!.clone()));
        }

        Assert.True(results[0].Y.allclose(results[1].Y, rtol: 1e-5, atol: 1e-5));
        Assert.True(results[0].Gradient.allclose(results[1].Gradient, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Forward_BothFormulations_GiveSameOutputsAndGradients()
    {
        using var scope = NewDisposeScope();
        Tensor x0 = linspace(-1.1, 1.05, Batch * Channels * 11).view(Batch, Channels, 11);
        var results = new List<(Tensor Y, Tensor InputGradient, Tensor WeightGradient)>();
        foreach (ConvolutionFormulation formulation in new[] { ConvolutionFormulation.Windows, ConvolutionFormulation.ExpandedConvolution })
        {
            HighOrderConvolution1d convolution = NewConvolution(LinkKind.Continuous, 2, 3, kernel: 3, stride: 1, padding: 2, rescale: true, PiecewiseAlgorithm.Auto, formulation);
            Tensor x = x0.clone().requires_grad_();
            Tensor y = convolution.call(x);
            (y * y).sum().backward();
            results.Add((y.detach(), x.grad!.clone(), convolution.Links.Weight.grad!.clone()));
        }

        Assert.True(results[0].Y.allclose(results[1].Y, rtol: 1e-5, atol: 1e-6));
        Assert.True(results[0].InputGradient.allclose(results[1].InputGradient, rtol: 1e-4, atol: 1e-5));
        Assert.True(results[0].WeightGradient.allclose(results[1].WeightGradient, rtol: 1e-4, atol: 1e-5));
    }

    [Theory]
    [InlineData(3, 1, 2, 7, ConvolutionFormulation.ExpandedConvolution)]   // tail_focus default level 2: each position read ~2x
    [InlineData(2, 1, 2, 31, ConvolutionFormulation.ExpandedConvolution)]  // high_order_tail_focus level 2
    [InlineData(10, 10, 10, 100, ConvolutionFormulation.Windows)]         // non-overlapping windows
    [InlineData(4, 2, 2, 7, ConvolutionFormulation.Windows)]              // 2 windows of 4 over 7 positions: 8/7 reads
    [InlineData(16, 8, 128, 256, ConvolutionFormulation.Windows)]         // many segments: the gathered contraction
    public void FormulationFor_Auto_ExpandsOnlyOverlappingFewSegmentWindows(int kernel, int stride, int segments, int length, ConvolutionFormulation expected)
    {
        var config = new HighOrderConvolution1dConfig { InChannels = 4, OutChannels = 4, KernelSize = kernel, Stride = stride, Segments = segments };

        Assert.Equal(expected, config.FormulationFor(length));
        Assert.Equal(ConvolutionFormulation.Windows, (config with { Combination = LinkCombination.Product }).FormulationFor(length));
    }

    [Fact]
    public void Validate_ExpandedConvolutionWithProductLinks_NamesBoth()
    {
        var config = new HighOrderConvolution1dConfig { KernelSize = 2, Combination = LinkCombination.Product, Formulation = ConvolutionFormulation.ExpandedConvolution };

        ArgumentException error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("Formulation", error.Message, StringComparison.Ordinal);
        Assert.Contains("Combination", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backward_PaddedTaps_SendNoGradientToTheEdgePositions()
    {
        // Kernel 3, padding 2, stride 3 on length 1: the only window is (pad, pad, x0); with the padded taps switched
        // off, the gradient at x0 is that of the j = 2 links alone (the clamped reads of x0 by taps 0 and 1 add nothing).
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(LinkKind.Continuous, 2, 4, kernel: 3, stride: 3, padding: 2, rescale: false, PiecewiseAlgorithm.Auto);
        convolution.to(ScalarType.Float64);
        Tensor x = tensor(new[] { 0.3, -0.6 }, dtype: ScalarType.Float64).view(1, 2, 1).requires_grad_();

        convolution.call(x).sum().backward();

        // Expected: sum over o of the slope of link (c·3 + 2, o) at x_c: segment k = 2 of 4 for 0.3 (nodes at 0 and
        // 0.5), k = 0 for -0.6 (nodes at -1 and -0.5); slope = (w[node 1] - w[node 0]) / 0.5.
        double[,,] w = ScalarReference.Weights(convolution.Links);
        double Slope(int link, int k) => Enumerable.Range(0, 3).Sum(o => (w[link, k + 1, o] - w[link, k, o]) / 0.5);
        double[] gradient = x.grad!.data<double>().ToArray();
        Assert.Equal(Slope(2, 2), gradient[0], 10);
        Assert.Equal(Slope(5, 0), gradient[1], 10);
    }

    [Theory]
    [InlineData(7, 3, 1, 0, 5)]
    [InlineData(7, 3, 2, 1, 4)]
    [InlineData(10, 10, 10, 0, 1)]
    [InlineData(1000, 10, 10, 0, 100)]
    [InlineData(2, 3, 1, 0, 0)]
    public void OutputLength_IsFloorOfSpanOverStridePlusOne(int length, int kernel, int stride, int padding, int expected)
    {
        var config = new HighOrderConvolution1dConfig { KernelSize = kernel, Stride = stride, Padding = padding };
        Assert.Equal(expected, config.OutputLength(length));
    }

    [Fact]
    public void Forward_InputShorterThanKernel_ThrowsNamingBoth()
    {
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(LinkKind.Continuous, 2, 2, kernel: 5, stride: 1, padding: 0, rescale: false, PiecewiseAlgorithm.Auto);
        var error = Assert.Throws<ArgumentException>(() => convolution.call(zeros(1, Channels, 4)));
        Assert.Contains("Input length 4 is too short for kernel 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadFields_NamesEveryOne()
    {
        var config = new HighOrderConvolution1dConfig { InChannels = 0, KernelSize = 2, Stride = 0, Padding = 2 };
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("InChannels", error.Message, StringComparison.Ordinal);
        Assert.Contains("Stride", error.Message, StringComparison.Ordinal);
        Assert.Contains("Padding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Weight_HasLinkLayoutAndStateDictKey()
    {
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(LinkKind.Discontinuous, 2, 5, kernel: 3, stride: 1, padding: 0, rescale: false, PiecewiseAlgorithm.Auto);
        Assert.Equal(new long[] { Channels * 3, 10, 3 }, convolution.Links.Weight.shape);
        Assert.Equal(new[] { "links.weight" }, convolution.state_dict().Keys.ToArray());
        Assert.Equal(Channels * 3 * 10 * 3, convolution.Config.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emit_MatchesForward(LinkKind kind, int n, int segments, int stride, int padding, bool rescale, PiecewiseAlgorithm algorithm, ConvolutionFormulation formulation)
    {
        TorchTestSettings.UseOneThread();
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(kind, n, segments, kernel: 3, stride, padding, rescale, algorithm, formulation);
        float[] x = Enumerable.Range(0, 5 * Channels * Length).Select(q => (float)Math.Sin(q * 1.7) * 1.2f).ToArray();
        int outputLength = convolution.Config.OutputLength(Length);
        var graph = new OnnxGraphBuilder("convolution");
        string input = graph.AddInput("x", DataType.Float, "batch", Channels, Length);
        graph.AddNode("Identity", [HighOrderConvolution1dOnnx.Emit(graph, convolution, input, Length, "conv")], "y");
        graph.AddOutput("y", DataType.Float, "batch", 3, outputLength);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", x, [5, Channels, Length])["y"];

        using var noGrad = no_grad();
        float[] torch = convolution.call(tensor(x, [5, Channels, Length])).data<float>().ToArray();
        Assert.Equal(torch.Length, onnx.Length);
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    private static HighOrderConvolution1d NewConvolution(LinkKind kind, int n, int segments, int kernel, int stride, int padding, bool rescale, PiecewiseAlgorithm algorithm, ConvolutionFormulation formulation = ConvolutionFormulation.Windows)
    {
        var config = new HighOrderConvolution1dConfig
        {
            InChannels = Channels, OutChannels = 3, KernelSize = kernel, Stride = stride, Padding = padding, RescaleOutput = rescale,
            Kind = kind, Nodes = n, Segments = segments, Algorithm = algorithm, Formulation = formulation,
            WeightMagnitude = Channels * kernel, // uniform weights in (-1, 1): visible wiggles
        };
        return new HighOrderConvolution1d("conv", config, new Generator(5, device("cpu")));
    }

    // Off segment boundaries (multiples of 1/3, 0.4, 0.5) by far more than the finite-difference step; some outside [-1, 1].
    private static double[,,] Inputs()
    {
        var x = new double[Batch, Channels, Length];
        for (int q = 0; q < x.Length; q++)
        {
            x[q / (Channels * Length), q / Length % Channels, q % Length] = 1.23 * Math.Sin(2.1 * q + 0.37);
        }
        return x;
    }

    private static Tensor ToTensor(double[,,] values)
    {
        var flat = new double[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [values.GetLength(0), values.GetLength(1), values.GetLength(2)], dtype: ScalarType.Float64);
    }

    /// <summary>The convolution by its definition: for every output (b, o, l), sum over channels and kernel offsets of
    /// the scalar reference link value at the tap, skipping padded taps, each link evaluated alone.</summary>
    private static double[,,] ScalarConvolution(double[,,] x, HighOrderConvolution1d convolution)
    {
        HighOrderConvolution1dConfig c = convolution.Config;
        double[,,] w = ScalarReference.Weights(convolution.Links);
        int weights = w.GetLength(1), outputs = c.OutChannels, k = c.KernelSize;
        int length = x.GetLength(2);
        int outputLength = (length + 2 * c.Padding - k) / c.Stride + 1;
        var y = new double[x.GetLength(0), outputs, outputLength];
        for (int b = 0; b < x.GetLength(0); b++)
        {
            for (int l = 0; l < outputLength; l++)
            {
                for (int channel = 0; channel < c.InChannels; channel++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        int position = l * c.Stride + j - c.Padding;
                        if (position < 0 || position >= length)
                        {
                            continue;
                        }
                        var link = new double[1, weights, outputs];
                        for (int q = 0; q < weights; q++)
                        {
                            for (int o = 0; o < outputs; o++)
                            {
                                link[0, q, o] = w[channel * k + j, q, o];
                            }
                        }
                        double[,] value = ScalarReference.Forward(new[,] { { x[b, channel, position] } }, link, c.Kind, c.Nodes, c.Segments, c.Range);
                        for (int o = 0; o < outputs; o++)
                        {
                            y[b, o, l] += c.RescaleOutput ? value[0, o] / (c.InChannels * k) : value[0, o];
                        }
                    }
                }
            }
        }
        return y;
    }
}
