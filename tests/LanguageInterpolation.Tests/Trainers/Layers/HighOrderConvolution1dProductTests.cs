using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Trainers.Layers;

// The convolution with product links: every output multiplies (1 + f) over its non-padded taps.
public class HighOrderConvolution1dProductTests
{
    private const int Batch = 2, Channels = 2, Length = 6, Kernel = 3;

    [Theory]
    [InlineData(PiecewiseAlgorithm.ExpandedMatmul, 1, 0)]
    [InlineData(PiecewiseAlgorithm.GatherActive, 2, 1)]
    public void Forward_Float64_EqualsProductOverRealTaps(PiecewiseAlgorithm algorithm, int stride, int padding)
    {
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(algorithm, stride, padding);
        convolution.to(ScalarType.Float64);
        double[] x = Enumerable.Range(0, Batch * Channels * Length).Select(q => 1.1 * Math.Sin(2.1 * q + 0.37)).ToArray();
        double[,,] w = ScalarReference.Weights(convolution.Links);
        HighOrderConvolution1dConfig c = convolution.Config;
        int outputLength = c.OutputLength(Length);

        double[] actual = convolution.call(tensor(x, [Batch, Channels, Length], dtype: ScalarType.Float64)).data<double>().ToArray();

        for (int b = 0; b < Batch; b++)
        {
            for (int o = 0; o < 3; o++)
            {
                for (int l = 0; l < outputLength; l++)
                {
                    double product = 1;
                    for (int channel = 0; channel < Channels; channel++)
                    {
                        for (int j = 0; j < Kernel; j++)
                        {
                            int position = l * stride + j - padding;
                            if (position < 0 || position >= Length)
                            {
                                continue; // a padded tap is the factor 1
                            }
                            var link = new double[1, w.GetLength(1), 1];
                            for (int q = 0; q < w.GetLength(1); q++)
                            {
                                link[0, q, 0] = w[channel * Kernel + j, q, o];
                            }
                            double value = x[(b * Channels + channel) * Length + position];
                            product *= 1 + ScalarReference.Forward(new[,] { { value } }, link, c.Kind, c.Nodes, c.Segments, c.Range)[0, 0];
                        }
                    }
                    double expected = product - 1, got = actual[(b * 3 + o) * outputLength + l];
                    Assert.True(Math.Abs(expected - got) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"[{b},{o},{l}] expected {expected} got {got}");
                }
            }
        }
    }

    [Theory]
    [InlineData(PiecewiseAlgorithm.ExpandedMatmul, 1, 0)]
    [InlineData(PiecewiseAlgorithm.GatherActive, 2, 1)]
    public void Emit_MatchesForward(PiecewiseAlgorithm algorithm, int stride, int padding)
    {
        TorchTestSettings.UseOneThread();
        using var scope = NewDisposeScope();
        HighOrderConvolution1d convolution = NewConvolution(algorithm, stride, padding);
        float[] x = Enumerable.Range(0, 5 * Channels * Length).Select(q => (float)Math.Sin(q * 1.7) * 1.2f).ToArray();
        int outputLength = convolution.Config.OutputLength(Length);
        var graph = new OnnxGraphBuilder("convolution");
        string input = graph.AddInput("x", DataType.Float, "batch", Channels, Length);
        graph.AddNode("Identity", [HighOrderConvolution1dOnnx.Emit(graph, convolution, input, Length, "conv")], "y");
        graph.AddOutput("y", DataType.Float, "batch", 3, outputLength);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", x, [5, Channels, Length])["y"];

        using var noGrad = no_grad();
        float[] torch = convolution.call(tensor(x, [5, Channels, Length])).data<float>().ToArray();
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    private static HighOrderConvolution1d NewConvolution(PiecewiseAlgorithm algorithm, int stride, int padding) => new(
        "conv",
        new HighOrderConvolution1dConfig
        {
            InChannels = Channels, OutChannels = 3, KernelSize = Kernel, Stride = stride, Padding = padding,
            Nodes = 3, Segments = 4, Algorithm = algorithm, Combination = LinkCombination.Product, WeightMagnitude = 2,
        },
        new Generator(5, device("cpu")));
}
