using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Trainers.Layers;

// Networks read ids, so their first layer only sees values inside [-1, 1]; layers after a normalisation do
// not. This checks every link kind, range policy and formulation of the layer's ONNX form on inputs of
// which about a third lie outside [-1, 1].
public class HighOrderLayerOnnxTests
{
    [Theory]
    [MemberData(nameof(HighOrderLayerTests.KindsAndPolicies), MemberType = typeof(HighOrderLayerTests))]
    public void Emit_MatchesForwardIncludingInputsOutsideTheRange(LinkKind kind, int nodes, int segments, OutOfRangePolicy policy, PiecewiseAlgorithm algorithm)
    {
        TorchTestSettings.UseOneThread();
        const int rows = 23, inputs = 6, outputs = 4;
        var config = new HighOrderLayerConfig
        {
            InFeatures = inputs, OutFeatures = outputs, Kind = kind, Nodes = nodes, Segments = segments, Range = policy, Algorithm = algorithm,
        };
        using var generator = new Generator(17);
        using var layer = new HighOrderLayer("layer", config, generator);
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
    public void Emit_PiecewiseLinearLink_GivesHandComputedValuesInsideAndOutsideTheRange()
    {
        // One continuous n = 2 link over S = 2 segments with node values (0, 1, -1) at x = -1, 0, 1 (written as hinges):
        // f(x) = x + 1 for x <= 0 and 1 - 2x for x >= 0, the end segments extended outside [-1, 1].
        // f(-2) = -1, f(-0.5) = 0.5, f(0.25) = 0.5, f(1) = -1, f(3) = -5.
        TorchTestSettings.UseOneThread();
        var config = new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1, Segments = 2 };
        using var layer = new HighOrderLayer("layer", config, new Generator(1));
        using (no_grad())
        {
            layer.Weight.copy_(tensor(new[] { 0f, 1f, -1f }).view(1, 3, 1));
        }
        var graph = new OnnxGraphBuilder("layer");
        string input = graph.AddInput("x", DataType.Float, "batch", 1L);
        graph.AddNode("Identity", [HighOrderLayerOnnx.Emit(graph, layer, input, "layer")], "y");
        graph.AddOutput("y", DataType.Float, "batch", 1L);

        float[] y = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", new[] { -2f, -0.5f, 0.25f, 1f, 3f }, [5, 1])["y"];

        Assert.Equal(new[] { -1f, 0.5f, 0.5f, -1f, -5f }, y);
    }
}
