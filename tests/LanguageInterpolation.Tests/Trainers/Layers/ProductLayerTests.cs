using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class ProductLayerTests
{
    private static readonly double[,] Inputs =
    {
        { -0.91, 0.13, 0.57, 2.2 },
        { 0.41, -0.28, 1.23, -0.6 },
        { -1.3, 0.77, -0.06, 0.35 },
    };

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.25, true)]
    [InlineData(1.0, false)]
    public void Forward_Float64_EqualsScalarFormula(double alpha, bool bias)
    {
        using var scope = NewDisposeScope();
        ProductLayer layer = NewLayer(alpha, bias);
        layer.to(ScalarType.Float64);
        double[] w = layer.Weight.detach().data<double>().ToArray();
        double[] b = layer.Bias?.detach().data<double>().ToArray() ?? new double[3];

        double[,] actual = ScalarReference.ToArray(layer.call(ScalarReference.ToTensor(Inputs, ScalarType.Float64)));

        for (int row = 0; row < 3; row++)
        {
            for (int o = 0; o < 3; o++)
            {
                double product = 1, sum = 0;
                for (int i = 0; i < 4; i++)
                {
                    double f = w[o * 4 + i] * Inputs[row, i];
                    product *= 1 + f;
                    sum += f;
                }
                double expected = product - 1 + (1 - alpha) * sum + b[o];
                Assert.True(Math.Abs(expected - actual[row, o]) <= 1e-12, $"[{row},{o}] expected {expected} got {actual[row, o]}");
            }
        }
    }

    [Fact]
    public void Forward_WorkedExample_GivesHandComputedValue()
    {
        // w = (0.5, -2), bias 0.1, x = (0.4, 0.25): (1 + 0.2)(1 - 0.5) - 1 + 0.1 = -0.3; with alpha = 0 the additive
        // term (0.2 - 0.5) is added once more: -0.6.
        using var scope = NewDisposeScope();
        foreach ((double alpha, float expected) in new[] { (1.0, -0.3f), (0.0, -0.6f) })
        {
            var layer = new ProductLayer("product", new ProductLayerConfig { InFeatures = 2, OutFeatures = 1, Alpha = alpha });
            using (no_grad())
            {
                layer.Weight.copy_(tensor(new[] { 0.5f, -2f }).view(1, 2));
                layer.Bias!.fill_(Held(0.1f));
            }

            Assert.Equal(expected, layer.call(tensor(new[] { 0.4f, 0.25f }).view(1, 2)).item<float>(), 6);
        }
    }

    [Fact]
    public void Backward_Float64_MatchesCentralFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        ProductLayer layer = NewLayer(0.25, bias: true);
        layer.to(ScalarType.Float64);
        double[,] x0 = (double[,])Inputs.Clone();
        Tensor c = linspace(-1.3, 0.9, 9, dtype: ScalarType.Float64).view(3, 3);
        Tensor x = ScalarReference.ToTensor(x0, ScalarType.Float64).requires_grad_();
        (layer.call(x) * c).sum().backward();
        double[] inputGradient = x.grad!.data<double>().ToArray();
        double[] weightGradient = layer.Weight.grad!.data<double>().ToArray();
        double[] biasGradient = layer.Bias!.grad!.data<double>().ToArray();

        double Loss()
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return (layer.call(ScalarReference.ToTensor(x0, ScalarType.Float64)) * c).sum().item<double>();
        }

        CentralDifferences.AssertInputGradient(x0, Loss, inputGradient, ProductCombinationTests.AssertNear);
        CentralDifferences.AssertParameterGradient(layer.Weight, Loss, weightGradient, ProductCombinationTests.AssertNear);
        CentralDifferences.AssertParameterGradient(layer.Bias!, Loss, biasGradient, ProductCombinationTests.AssertNear);
    }

    [Fact]
    public void Constructor_SameSeed_SameWeightsInsideTheOriginalsBound()
    {
        using var scope = NewDisposeScope();
        ProductLayer first = NewLayer(1.0, bias: true), second = NewLayer(1.0, bias: true);

        Assert.True(first.Weight.eq(second.Weight).all().item<bool>());
        Assert.True(first.Weight.abs().max().item<float>() <= 0.5f); // 1/sqrt(in), in = 4
        Assert.Equal(new[] { "weight", "bias" }, first.state_dict().Keys.ToArray());
        Assert.Equal(4 * 3 + 3, first.Config.ParameterCount);
        Assert.Equal(new[] { "weight" }, NewLayer(1.0, bias: false).state_dict().Keys.ToArray());
    }

    [Fact]
    public void Validate_BadFields_NamesEveryOne()
    {
        var config = new ProductLayerConfig { InFeatures = 0, OutFeatures = -1, Alpha = double.PositiveInfinity };
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("InFeatures", error.Message, StringComparison.Ordinal);
        Assert.Contains("OutFeatures", error.Message, StringComparison.Ordinal);
        Assert.Contains("Alpha", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.25, false)]
    public void Emit_MatchesForward(double alpha, bool bias)
    {
        TorchTestSettings.UseOneThread();
        using var scope = NewDisposeScope();
        ProductLayer layer = NewLayer(alpha, bias);
        var random = new Random(3);
        float[] x = Enumerable.Range(0, 17 * 4).Select(_ => (float)((random.NextDouble() * 2 - 1) * 2)).ToArray();
        var graph = new OnnxGraphBuilder("product");
        string input = graph.AddInput("x", DataType.Float, "batch", 4L);
        graph.AddNode("Identity", [ProductLayerOnnx.Emit(graph, layer, input, "product")], "y");
        graph.AddOutput("y", DataType.Float, "batch", 3L);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", x, [17, 4])["y"];

        using var noGrad = no_grad();
        float[] torch = layer.call(tensor(x, [17, 4])).data<float>().ToArray();
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    private static ProductLayer NewLayer(double alpha, bool bias) =>
        new("product", new ProductLayerConfig { InFeatures = 4, OutFeatures = 3, Alpha = alpha, Bias = bias }, new Generator(7, device("cpu")));
}
