using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class SwitchLayerTests
{
    private static readonly double[,] Inputs =
    {
        { -0.91, 0.13, 0.57 },
        { 0.41, -0.28, 1.23 },
        { -1.3, 0.77, -0.06 },
    };

    [Theory]
    [InlineData(LinkKind.Continuous, 2)]
    [InlineData(LinkKind.Discontinuous, 3)]
    public void Forward_Float64_EqualsProductOfScalarReferenceBranches(LinkKind kind, int branches)
    {
        using var scope = NewDisposeScope();
        SwitchLayer layer = NewLayer(kind, branches);
        layer.to(ScalarType.Float64);
        var expected = new double[3, 2];
        for (int b = 0; b < 3; b++)
        {
            for (int o = 0; o < 2; o++)
            {
                expected[b, o] = 1;
            }
        }
        foreach (HighOrderLayer branch in layer.Branches)
        {
            HighOrderLayerConfig c = branch.Config;
            double[,] value = ScalarReference.Forward(Inputs, ScalarReference.Weights(branch), c.Kind, c.Nodes, c.Segments, c.Range);
            for (int b = 0; b < 3; b++)
            {
                for (int o = 0; o < 2; o++)
                {
                    expected[b, o] *= value[b, o];
                }
            }
        }

        double[,] actual = ScalarReference.ToArray(layer.call(ScalarReference.ToTensor(Inputs, ScalarType.Float64)));

        for (int b = 0; b < 3; b++)
        {
            for (int o = 0; o < 2; o++)
            {
                Assert.True(Math.Abs(expected[b, o] - actual[b, o]) <= 1e-12 * Math.Max(1, Math.Abs(expected[b, o])), $"[{b},{o}] expected {expected[b, o]} got {actual[b, o]}");
            }
        }
    }

    [Fact]
    public void Parameters_EveryBranchIsRegisteredAndSaved()
    {
        // The original keeps its branches in a plain list: 0 parameters. Here each branch's weight is a parameter.
        using var scope = NewDisposeScope();
        SwitchLayer layer = NewLayer(LinkKind.Continuous, 3);

        TorchSharp.Modules.Parameter[] parameters = layer.parameters().ToArray();

        Assert.Equal(3, parameters.Length);
        foreach (HighOrderLayer branch in layer.Branches)
        {
            Assert.Contains(parameters, p => ReferenceEquals(p, branch.Weight) || p.Handle == branch.Weight.Handle);
        }
        Assert.Equal(new[] { "branches.0.weight", "branches.1.weight", "branches.2.weight" }, layer.state_dict().Keys.ToArray());
        Assert.Equal(3 * layer.Branch.ParameterCount, SwitchLayer.ParameterCount(layer.Branch, 3));
    }

    [Fact]
    public void Training_EveryBranchReceivesAGradientAndChanges()
    {
        using var scope = NewDisposeScope();
        SwitchLayer layer = NewLayer(LinkKind.Continuous, 3);
        Tensor[] before = layer.Branches.Select(branch => branch.Weight.detach().clone()).ToArray();
        IParameterOptimizer optimizer = OptimizerFactory.Create(layer.parameters(), new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 0.1 });
        Tensor x = ScalarReference.ToTensor(Inputs, ScalarType.Float32);

        optimizer.ZeroGrad();
        (layer.call(x) * layer.call(x)).sum().backward();
        foreach (HighOrderLayer branch in layer.Branches)
        {
            Assert.NotNull(branch.Weight.grad);
            Assert.True(branch.Weight.grad!.abs().sum().item<float>() > 0f, $"{branch.GetName()} got no gradient");
        }
        optimizer.Step();

        for (int b = 0; b < before.Length; b++)
        {
            Assert.False(before[b].eq(layer.Branches[b].Weight).all().item<bool>(), $"branch {b} did not change");
        }
    }

    [Fact]
    public void Backward_Float64_MatchesCentralFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        SwitchLayer layer = NewLayer(LinkKind.Continuous, 2);
        layer.to(ScalarType.Float64);
        double[,] x0 = (double[,])Inputs.Clone();
        Tensor c = linspace(-1.3, 0.9, 6, dtype: ScalarType.Float64).view(3, 2);
        Tensor x = ScalarReference.ToTensor(x0, ScalarType.Float64).requires_grad_();
        (layer.call(x) * c).sum().backward();
        double[] inputGradient = x.grad!.data<double>().ToArray();

        double Loss()
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return (layer.call(ScalarReference.ToTensor(x0, ScalarType.Float64)) * c).sum().item<double>();
        }

        CentralDifferences.AssertInputGradient(x0, Loss, inputGradient, ProductCombinationTests.AssertNear);
        foreach (HighOrderLayer branch in layer.Branches)
        {
            CentralDifferences.AssertParameterGradient(branch.Weight, Loss, branch.Weight.grad!.data<double>().ToArray(), ProductCombinationTests.AssertNear, every: 3);
        }
    }

    [Fact]
    public void Constructor_NoBranches_ThrowsNamingTheCount()
    {
        var error = Assert.Throws<ArgumentException>(() => new SwitchLayer("switch", new HighOrderLayerConfig { InFeatures = 1, OutFeatures = 1 }, branches: 0));
        Assert.Contains("at least 1 branch, got 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Emit_MatchesForward()
    {
        TorchTestSettings.UseOneThread();
        using var scope = NewDisposeScope();
        SwitchLayer layer = NewLayer(LinkKind.Discontinuous, 3);
        var random = new Random(3);
        float[] x = Enumerable.Range(0, 19 * 3).Select(_ => (float)((random.NextDouble() * 2 - 1) * 1.5)).ToArray();
        var graph = new OnnxGraphBuilder("switch");
        string input = graph.AddInput("x", DataType.Float, "batch", 3L);
        graph.AddNode("Identity", [SwitchLayerOnnx.Emit(graph, layer, input, "switch")], "y");
        graph.AddOutput("y", DataType.Float, "batch", 2L);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "x", x, [19, 3])["y"];

        using var noGrad = no_grad();
        float[] torch = layer.call(tensor(x, [19, 3])).data<float>().ToArray();
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    private static SwitchLayer NewLayer(LinkKind kind, int branches) => new(
        "switch",
        new HighOrderLayerConfig { InFeatures = 3, OutFeatures = 2, Kind = kind, Nodes = 3, Segments = 4, WeightMagnitude = 3 },
        branches,
        new Generator(11, device("cpu")));
}
