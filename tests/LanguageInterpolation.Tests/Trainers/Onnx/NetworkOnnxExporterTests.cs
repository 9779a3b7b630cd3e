using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Onnx;

public class NetworkOnnxExporterTests
{
    // ONNX Runtime and TorchSharp both compute in float32 with different kernels (fused ops, summation
    // order); probabilities agree to a few ulps of their magnitude, far inside the 1e-5.
    private const double Tolerance = 1e-5;
    private const int Window = 6;

    public static TheoryData<string> Networks() =>
    [
        "continuous-extrapolate-layernorm",
        "discontinuous-clamp-maxabs",
        "polynomial-fold-maxcenter",
        "fourier-extrapolate-none",
        "continuous-n3-residual",
        "discontinuous-n1",
        "layer-kinds",
        "switch-residual-product-links",
        "input-mlp",
        "relu-mlp",
        "embedding-bag",
    ];

    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_CharacterIdsForm_MatchesTorchForwardIncludingOutOfRangeIds(string name)
    {
        LanguageNetwork network = Build(name, classes: 12);
        long[] ids = RandomIds(rows: 37, seed: 11, classes: 12, outside: 3); // some below 0 and some past the vocabulary
        byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null));

        var outputs = OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [37, Window]);

        float[] expected = TorchProbabilities(network, Clamp(ids, 12), 37);
        AssertClose(expected, (float[])outputs[OnnxNames.Score]);
        Assert.Equal(ArgMax(expected, 12), (long[])outputs[OnnxNames.PredictedLabel]);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_CharacterIdsRowForm_ScoresOneWindow(string name)
    {
        LanguageNetwork network = Build(name, classes: 12);
        long[] ids = RandomIds(rows: 1, seed: 5, classes: 12, outside: 0);
        byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIdsRow, vocabulary: null));

        var outputs = OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [Window]);

        AssertClose(TorchProbabilities(network, ids, 1), (float[])outputs[OnnxNames.Score]);
    }

    // ONNX Runtime's CUDA provider places shape computations (Shape and what consumes it) on the CPU, which
    // costs a device round trip per layer and breaks sessions created with CPU fallback disabled.
    [Theory]
    [MemberData(nameof(Networks))]
    public void Export_Graph_ComputesNoShapesAtRunTime(string name)
    {
        ModelProto model = NetworkOnnxExporter.Export(Build(name, classes: 12), OnnxInputForm.CharacterIds, vocabulary: null);

        Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
    }

    [Fact]
    public void Export_Presets_ComputeNoShapesAtRunTime()
    {
        foreach (string preset in NetworkPresets.Names)
        {
            using var generator = new Generator(0);
            NetworkConfig config = NetworkPresets.Load(preset).Network;
            using LanguageNetwork network = config.WithShape(Math.Max(16, config.MinimumWindowSize), 128).Build(generator);
            ModelProto model = NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, CharacterVocabulary.Ascii);

            Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
        }
    }

    // The MLP presets' input layers are written as character tables and their two-node continuous layers as
    // hinges: the graph must still be the network's function, preset by preset, at the real vocabulary size.
    [Fact]
    public void Export_MlpPresets_MatchTorchForward()
    {
        const int rows = 23, window = 16;
        foreach (string preset in NetworkPresets.Names)
        {
            NetworkConfig config = NetworkPresets.Load(preset).Network;
            if (config is not (HighOrderMlpConfig or HighOrderInputMlpConfig))
            {
                continue;
            }
            using var generator = new Generator(3);
            using LanguageNetwork network = config.WithShape(window, 128).Build(generator);
            long[] ids = Enumerable.Range(0, rows * window).Select(q => (long)((q * 37 + 11) % 128)).ToArray();
            byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null));

            float[] onnx = (float[])OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [rows, window])[OnnxNames.Score];

            using var noGrad = no_grad();
            using Tensor probabilities = nn.functional.softmax(network.call(tensor(ids, [rows, window])), 1);
            float[] torch = probabilities.data<float>().ToArray();
            double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= Tolerance, $"{preset}: max |torch - onnx| = {worst:E2}");
        }
    }

    [Fact]
    public void Export_CharacterIdsForm_EncodesIdsInsideTheGraph()
    {
        CharacterVocabulary vocabulary = CharacterVocabulary.Ascii;
        LanguageNetwork network = Build("continuous-extrapolate-layernorm", classes: vocabulary.Count);
        long[] ids = "The Dunwich horr"[..Window].Select(character => (long)character).Concat("or at the bottom"[..Window].Select(character => (long)character)).ToArray();
        byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary));

        var outputs = OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [2, Window]);

        AssertClose(TorchProbabilities(network, ids, 2), (float[])outputs[OnnxNames.Score]);
    }

    [Fact]
    public void Export_Metadata_CarriesVocabularyWindowAndNetwork()
    {
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["abc def"]);
        LanguageNetwork network = Build("relu-mlp", classes: vocabulary.Count);

        var model = NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary, new Dictionary<string, string> { ["li.window_kind"] = "Sequence" });

        var metadata = OnnxModelFile.Metadata(model);
        Assert.Equal("\" abcdef\\ufffd\"", metadata[OnnxNames.CharactersKey]);
        Assert.Equal("2", metadata[OnnxNames.ContractVersionKey]);
        Assert.Equal(vocabulary, CharacterVocabulary.Parse(metadata[OnnxNames.VocabularyKey]));
        Assert.Equal(Window.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata[OnnxNames.WindowSizeKey]);
        Assert.Equal("Sequence", metadata["li.window_kind"]);
        Assert.Contains("\"type\":\"relu_mlp\"", metadata[OnnxNames.NetworkKey], StringComparison.Ordinal);
        Assert.Equal(8, model.IrVersion);
        Assert.Contains(model.OpsetImport, opset => opset.Domain == "" && opset.Version == 17);
    }

    [Fact]
    public void Export_VocabularyOfOtherSize_FailsBeforeWritingAnything()
    {
        LanguageNetwork network = Build("relu-mlp", classes: 12);

        var error = Assert.Throws<ArgumentException>(() => NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, CharacterVocabulary.Ascii));

        Assert.Contains("128 characters but the network predicts 12 classes", error.Message, StringComparison.Ordinal);
    }

    internal static LanguageNetwork Build(string name, int classes)
    {
        TorchTestSettings.UseOneThread();
        NetworkConfig config = name switch
        {
            "continuous-extrapolate-layernorm" => new HighOrderMlpConfig { InputSegments = 5, HiddenWidth = 7, HiddenSegments = 3, OutputSegments = 2 },
            "discontinuous-clamp-maxabs" => new HighOrderMlpConfig
            {
                InputKind = LinkKind.Discontinuous, HiddenKind = LinkKind.Discontinuous, OutputKind = LinkKind.Discontinuous,
                InputSegments = 9, HiddenSegments = 4, OutputSegments = 3, HiddenWidth = 5, Range = OutOfRangePolicy.Clamp, Normalization = NormalizationKind.MaxAbs,
            },
            "polynomial-fold-maxcenter" => new HighOrderMlpConfig
            {
                InputKind = LinkKind.Polynomial, HiddenKind = LinkKind.Polynomial, OutputKind = LinkKind.Polynomial,
                InputNodes = 4, HiddenNodes = 3, OutputNodes = 5, HiddenWidth = 6, Range = OutOfRangePolicy.MirrorFold, Normalization = NormalizationKind.MaxCenter,
            },
            "fourier-extrapolate-none" => new HighOrderMlpConfig
            {
                InputKind = LinkKind.Fourier, HiddenKind = LinkKind.Fourier, OutputKind = LinkKind.Fourier,
                InputNodes = 5, HiddenNodes = 4, OutputNodes = 3, HiddenWidth = 4, Normalization = NormalizationKind.None,
            },
            "continuous-n3-residual" => new HighOrderMlpConfig { InputNodes = 3, InputSegments = 4, HiddenNodes = 4, HiddenSegments = 2, HiddenLayers = 2, HiddenWidth = 5, OutputNodes = 3, Residual = true },
            "discontinuous-n1" => new HighOrderMlpConfig
            {
                InputKind = LinkKind.Discontinuous, InputNodes = 1, InputSegments = 16, HiddenKind = LinkKind.Discontinuous, HiddenNodes = 2,
                OutputKind = LinkKind.Discontinuous, OutputNodes = 1, OutputSegments = 6, HiddenWidth = 6,
            },
            "layer-kinds" => new HighOrderMlpConfig { InputLayerKind = LayerKind.LinkProduct, InputSegments = 8, HiddenLayerKind = LayerKind.Switch, HiddenWidth = 5, OutputLayerKind = LayerKind.Product },
            "switch-residual-product-links" => new HighOrderMlpConfig { InputLayerKind = LayerKind.Switch, InputSegments = 8, HiddenLayerKind = LayerKind.Product, HiddenLayers = 2, HiddenWidth = 5, Residual = true, OutputLayerKind = LayerKind.LinkProduct, OutputKind = LinkKind.Discontinuous, OutputNodes = 3 },
            "input-mlp" => new HighOrderInputMlpConfig { InputSegments = 8, HiddenWidth = 9, HiddenLayers = 2 },
            "relu-mlp" => new ReluMlpConfig { HiddenWidth = 9, HiddenLayers = 3 },
            "embedding-bag" => new EmbeddingBagMlpConfig { HiddenWidth = 8, HiddenLayers = 2 },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown test network."),
        };
        using var generator = new Generator(42);
        LanguageNetwork network = config.WithShape(Window, classes).Build(generator);
        // Give every layer-norm a non-trivial gain and bias, so that the export of trained values is checked.
        using (no_grad())
        {
            foreach (var (parameterName, parameter) in network.named_parameters())
            {
                if (parameterName.Contains("norm", StringComparison.Ordinal))
                {
                    parameter.add_(rand(parameter.shape, generator: generator) - Held(0.5), One);
                }
            }
        }
        network.eval();
        return network;
    }

    internal static long[] RandomIds(int rows, int seed, int classes, int outside)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * Window).Select(_ => (long)random.Next(-outside, classes + outside)).ToArray();
    }

    internal static long[] Clamp(long[] ids, int classes) => ids.Select(id => Math.Clamp(id, 0, classes - 1)).ToArray();

    internal static float[] TorchProbabilities(LanguageNetwork network, long[] ids, int rows)
    {
        using var noGrad = no_grad();
        using Tensor input = tensor(ids, [rows, Window]);
        using Tensor probabilities = nn.functional.softmax(network.call(input), 1);
        return probabilities.data<float>().ToArray();
    }

    private static long[] ArgMax(float[] probabilities, int classes) =>
        probabilities.Chunk(classes).Select(row => (long)Array.IndexOf(row, row.Max())).ToArray();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"max |torch - onnx| = {worst:E2} > {Tolerance:E0}");
    }
}
