using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class ConvolutionalNetworksOnnxTests
{
    private const int Classes = 11;

    public static TheoryData<string> Networks() =>
    [
        "conv-default", "conv-padded-rescaled-maxabs", "tail-focus-default", "tail-focus-all-levels", "dual-default", "dual-odd-window-hidden", "dual-window-1",
        "conv-product-links", "tail-focus-product-links",
    ];

    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_CharacterIds_MatchesTorchForwardWithoutRunTimeShapes(string name)
    {
        (LanguageNetwork network, int window) = Build(name);
        var random = new Random(7);
        const int rows = 9;
        long[] ids = Enumerable.Range(0, rows * window).Select(_ => (long)random.Next(0, Classes)).ToArray();
        ModelProto model = NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null);

        var outputs = OnnxRunner.Run(OnnxModelFile.ToBytes(model), OnnxNames.CharacterIds, ids, [rows, window]);

        float[] expected;
        using (no_grad())
        {
            expected = nn.functional.softmax(network.call(tensor(ids, [rows, window])), 1).data<float>().ToArray();
        }
        float[] actual = (float[])outputs[OnnxNames.Score];
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"max |torch - onnx| = {worst:E2}"); // float32 kernels differ in summation order only
        Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
    }

    [Fact]
    public void Export_DualConvolution_StoresTheSharedMergeWeightsOnce()
    {
        (LanguageNetwork network, _) = Build("dual-default");
        ModelProto model = NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null);

        long mergeWeights = ((DualConvolution)network).MergeLayers.Sum(layer => layer.Weight.numel());
        long stored = model.Graph.Initializer.Where(tensor => tensor.Name.Contains("_merge", StringComparison.Ordinal) && tensor.Name.EndsWith("_weight", StringComparison.Ordinal))
            .Sum(tensor => (long)tensor.FloatData.Count + tensor.RawData.Length / sizeof(float));
        Assert.Equal(mergeWeights, stored);
    }

    internal static (LanguageNetwork Network, int Window) Build(string name)
    {
        TorchTestSettings.UseOneThread();
        (NetworkConfig config, int window) = name switch
        {
            "conv-default" => ((NetworkConfig)new HighOrderConvConfig(), 12),
            "conv-padded-rescaled-maxabs" => (new HighOrderConvConfig
            {
                Channels = [3, 4, 5], KernelSizes = [3, 3, 2], Strides = [1, 2, 1], Segments = [16, 3, 2], Padding = 1, RescaleOutput = true,
                Kind = LinkKind.Discontinuous, Nodes = 3, Normalization = NormalizationKind.MaxAbs, Range = OutOfRangePolicy.MirrorFold,
            }, 9),
            "tail-focus-default" => (new TailFocusConfig(), 16),
            "tail-focus-all-levels" => (new TailFocusConfig
            {
                Channels = [4, 3], KernelSizes = [3, 2], Strides = [2, 2], Segments = [32, 2], Focus = [2, 3], Normalization = NormalizationKind.MaxCenter,
            }, 11),
            "conv-product-links" => (new HighOrderConvConfig { Channels = [3, 4], KernelSizes = [3, 2], Strides = [1, 2], Segments = [16, 3], Padding = 1, Combination = LinkCombination.Product }, 9),
            "tail-focus-product-links" => (new TailFocusConfig { Channels = [4, 3], KernelSizes = [3, 2], Strides = [2, 2], Segments = [32, 2], Focus = [2, 3], Combination = LinkCombination.Product }, 11),
            "dual-default" => (new DualConvolutionConfig { EmbeddingWidth = 6, HiddenWidth = 5 }, 8),
            "dual-odd-window-hidden" => (new DualConvolutionConfig
            {
                EmbeddingWidth = 4, HiddenWidth = 6, HiddenLayers = 2, Kind = LinkKind.Continuous, Nodes = 2, Segments = 3, Normalization = NormalizationKind.MaxAbs,
            }, 7),
            "dual-window-1" => (new DualConvolutionConfig { EmbeddingWidth = 3, HiddenWidth = 4 }, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown test network."),
        };
        using var generator = new Generator(42);
        LanguageNetwork network = config.WithShape(window, Classes).Build(generator);
        using (no_grad())
        {
            foreach (var (parameterName, parameter) in network.named_parameters())
            {
                if (parameterName.Contains("norm", StringComparison.Ordinal))
                {
                    parameter.add_(rand(parameter.shape, generator: generator) - Held(0.5), One); // exported trained values, not the identity
                }
            }
        }
        network.eval();
        return (network, window);
    }
}
