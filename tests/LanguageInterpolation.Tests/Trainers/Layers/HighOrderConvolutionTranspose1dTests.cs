using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class HighOrderConvolutionTranspose1dTests
{
    private const int Batch = 2, Channels = 2, Outputs = 3, Length = 5, Kernel = 3;

    public static TheoryData<LinkKind, int, int, int, int, int, bool, PiecewiseAlgorithm> Cases() => new()
    {
        { LinkKind.Continuous, 2, 4, 1, 0, 0, false, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Continuous, 3, 4, 2, 1, 1, false, PiecewiseAlgorithm.GatherActive },
        { LinkKind.Discontinuous, 2, 5, 3, 2, 2, true, PiecewiseAlgorithm.ExpandedMatmul },
        { LinkKind.Polynomial, 3, 1, 2, 0, 1, false, PiecewiseAlgorithm.Auto },
        { LinkKind.Fourier, 4, 1, 1, 1, 0, true, PiecewiseAlgorithm.Auto },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_Float64_EqualsScalarDefinition(LinkKind kind, int n, int segments, int stride, int padding, int outputPadding, bool rescale, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        HighOrderConvolutionTranspose1d convolution = NewConvolution(kind, n, segments, stride, padding, outputPadding, rescale, algorithm);
        convolution.to(ScalarType.Float64);
        double[] x = Inputs();
        double[,,] expected = ScalarDefinition(x, convolution);

        Tensor actual = convolution.call(tensor(x, [Batch, Channels, Length], dtype: ScalarType.Float64));

        int outputLength = expected.GetLength(2);
        Assert.Equal(new long[] { Batch, Outputs, outputLength }, actual.shape);
        double[] flat = actual.data<double>().ToArray();
        for (int q = 0; q < flat.Length; q++)
        {
            double e = expected[q / (Outputs * outputLength), q / outputLength % Outputs, q % outputLength];
            Assert.True(Math.Abs(e - flat[q]) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"[{q}] expected {e} got {flat[q]}");
        }
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 0, 1)]
    [InlineData(3, 1, 2)]
    [InlineData(2, 2, 0)]
    public void Forward_LinearLinks_EqualsTorchConvTranspose1d(int stride, int padding, int outputPadding)
    {
        // A polynomial n = 2 link with node values (-a, a) at x = -1, 1 is the line a·x: the layer is then torch's
        // conv_transpose1d with weight a[c, o, j], including its stride, padding and output_padding semantics.
        using var scope = NewDisposeScope();
        var config = new HighOrderConvolutionTranspose1dConfig
        {
            InChannels = Channels, OutChannels = Outputs, KernelSize = Kernel, Stride = stride, Padding = padding, OutputPadding = outputPadding,
            Kind = LinkKind.Polynomial, Nodes = 2,
        };
        var convolution = new HighOrderConvolutionTranspose1d("transpose", config, new Generator(3));
        convolution.to(ScalarType.Float64);
        Tensor slope = linspace(-1.5, 1.2, Channels * Outputs * Kernel, dtype: ScalarType.Float64).view(Channels, Outputs, Kernel); // torch layout (C_in, C_out, k)
        using (no_grad())
        {
            Tensor perLink = slope.reshape(Channels, 1, Outputs * Kernel);                                 // output o·k + j
            convolution.Links.Weight.copy_(cat([-perLink, perLink], 1));                                 // nodes -1 and 1
        }
        Tensor x = tensor(Inputs(), [Batch, Channels, Length], dtype: ScalarType.Float64);

        Tensor expected = nn.functional.conv_transpose1d(x, slope, stride: stride, padding: padding, output_padding: outputPadding);
        Tensor actual = convolution.call(x);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-12, atol: 1e-12));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Float64_MatchesCentralFiniteDifferences(LinkKind kind, int n, int segments, int stride, int padding, int outputPadding, bool rescale, PiecewiseAlgorithm algorithm)
    {
        using var scope = NewDisposeScope();
        HighOrderConvolutionTranspose1d convolution = NewConvolution(kind, n, segments, stride, padding, outputPadding, rescale, algorithm);
        convolution.to(ScalarType.Float64);
        double[] x0 = Inputs();
        Tensor x = tensor(x0, [Batch, Channels, Length], dtype: ScalarType.Float64).requires_grad_();
        Tensor y = convolution.call(x);
        Tensor cotangent = linspace(-1.3, 0.9, y.numel(), dtype: ScalarType.Float64).view(y.shape);
        (y * cotangent).sum().backward();
        double[] inputGradient = x.grad!.data<double>().ToArray();
        double[] weightGradient = convolution.Links.Weight.grad!.data<double>().ToArray();

        double Loss()
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return (convolution.call(tensor(x0, [Batch, Channels, Length], dtype: ScalarType.Float64)) * cotangent).sum().item<double>();
        }

        for (int q = 0; q < x0.Length; q++)
        {
            int entry = q;
            ProductCombinationTests.AssertNear(CentralDifferences.Derivative(Loss, () => x0[entry], value => x0[entry] = value), inputGradient[q]);
        }
        Tensor weight = convolution.Links.Weight;
        CentralDifferences.AssertParameterGradient(weight, Loss, weightGradient, ProductCombinationTests.AssertNear, every: 1 + (int)(weight.numel() / 23));
    }

    [Theory]
    [InlineData(5, 3, 1, 0, 0, 7)]
    [InlineData(5, 3, 2, 1, 1, 10)]
    [InlineData(4, 4, 4, 0, 0, 16)]
    [InlineData(1, 1, 1, 0, 0, 1)]
    [InlineData(1, 2, 1, 1, 0, 0)]
    public void OutputLength_IsTorchsFormula(int length, int kernel, int stride, int padding, int outputPadding, int expected)
    {
        var config = new HighOrderConvolutionTranspose1dConfig { KernelSize = kernel, Stride = stride, Padding = padding, OutputPadding = outputPadding };
        Assert.Equal(expected, config.OutputLength(length));
    }

    [Fact]
    public void Forward_PaddingLeavesNoOutput_ThrowsNamingTheShape()
    {
        using var scope = NewDisposeScope();
        var convolution = new HighOrderConvolutionTranspose1d("transpose", new HighOrderConvolutionTranspose1dConfig { KernelSize = 2, Padding = 1 });
        var error = Assert.Throws<ArgumentException>(() => convolution.call(zeros(1, 1, 1)));
        Assert.Contains("Input length 1 with kernel 2, stride 1 and padding 1 leaves no output position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadFields_NamesEveryOne()
    {
        var config = new HighOrderConvolutionTranspose1dConfig { OutChannels = 0, Stride = 2, Padding = -1, OutputPadding = 2 };
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("OutChannels", error.Message, StringComparison.Ordinal);
        Assert.Contains("Padding must be >= 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("OutputPadding must be >= 0 and smaller than Stride (2), got 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Weight_HasLinkLayoutAndStateDictKey()
    {
        using var scope = NewDisposeScope();
        HighOrderConvolutionTranspose1d convolution = NewConvolution(LinkKind.Discontinuous, 2, 5, 1, 0, 0, false, PiecewiseAlgorithm.Auto);
        Assert.Equal(new long[] { Channels, 10, Outputs * Kernel }, convolution.Links.Weight.shape);
        Assert.Equal(new[] { "links.weight" }, convolution.state_dict().Keys.ToArray());
        Assert.Equal(Channels * 10 * Outputs * Kernel, convolution.Config.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emit_MatchesForward(LinkKind kind, int n, int segments, int stride, int padding, int outputPadding, bool rescale, PiecewiseAlgorithm algorithm)
    {
        TorchTestSettings.UseOneThread();
        using var scope = NewDisposeScope();
        HighOrderConvolutionTranspose1d convolution = NewConvolution(kind, n, segments, stride, padding, outputPadding, rescale, algorithm);
        float[] x = Enumerable.Range(0, 4 * Channels * Length).Select(q => (float)Math.Sin(q * 1.7) * 1.2f).ToArray();
        int outputLength = convolution.Config.OutputLength(Length);
        var graph = new OnnxGraphBuilder("transpose");
        string input = graph.AddInput("x", DataType.Float, "batch", Channels, Length);
        graph.AddNode("Identity", [HighOrderConvolutionTranspose1dOnnx.Emit(graph, convolution, input, Length, "transpose")], "y");
        graph.AddOutput("y", DataType.Float, "batch", Outputs, outputLength);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", x, [4, Channels, Length])["y"];

        using var noGrad = no_grad();
        float[] torch = convolution.call(tensor(x, [4, Channels, Length])).data<float>().ToArray();
        Assert.Equal(torch.Length, onnx.Length);
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    private static HighOrderConvolutionTranspose1d NewConvolution(LinkKind kind, int n, int segments, int stride, int padding, int outputPadding, bool rescale, PiecewiseAlgorithm algorithm)
    {
        var config = new HighOrderConvolutionTranspose1dConfig
        {
            InChannels = Channels, OutChannels = Outputs, KernelSize = Kernel, Stride = stride, Padding = padding, OutputPadding = outputPadding,
            RescaleOutput = rescale, Kind = kind, Nodes = n, Segments = segments, Algorithm = algorithm,
            WeightMagnitude = Channels, // uniform weights in (-1, 1): visible wiggles
        };
        return new HighOrderConvolutionTranspose1d("transpose", config, new Generator(5, device("cpu")));
    }

    // Off the segment boundaries (multiples of 0.4, 0.5) by far more than the finite-difference step; some outside [-1, 1].
    private static double[] Inputs() => Enumerable.Range(0, Batch * Channels * Length).Select(q => 1.23 * Math.Sin(2.1 * q + 0.37)).ToArray();

    /// <summary>The transposed convolution by its definition: every input value (b, c, l) sends, through link
    /// (c, j, o) evaluated alone by the scalar reference, its value to output position l·stride + j - padding when
    /// that lies inside the output.</summary>
    private static double[,,] ScalarDefinition(double[] x, HighOrderConvolutionTranspose1d convolution)
    {
        HighOrderConvolutionTranspose1dConfig c = convolution.Config;
        double[,,] w = ScalarReference.Weights(convolution.Links);
        int weights = w.GetLength(1), k = c.KernelSize;
        int outputLength = (Length - 1) * c.Stride - 2 * c.Padding + k + c.OutputPadding;
        var y = new double[Batch, Outputs, outputLength];
        for (int b = 0; b < Batch; b++)
        {
            for (int channel = 0; channel < Channels; channel++)
            {
                for (int l = 0; l < Length; l++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        int m = l * c.Stride + j - c.Padding;
                        if (m < 0 || m >= outputLength)
                        {
                            continue;
                        }
                        for (int o = 0; o < Outputs; o++)
                        {
                            var link = new double[1, weights, 1];
                            for (int q = 0; q < weights; q++)
                            {
                                link[0, q, 0] = w[channel, q, o * k + j];
                            }
                            double value = ScalarReference.Forward(new[,] { { x[(b * Channels + channel) * Length + l] } }, link, c.Kind, c.Nodes, c.Segments, c.Range)[0, 0];
                            y[b, o, m] += c.RescaleOutput ? value / (Channels * k) : value;
                        }
                    }
                }
            }
        }
        return y;
    }
}
