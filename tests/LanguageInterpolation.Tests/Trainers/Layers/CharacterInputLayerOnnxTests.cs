using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class CharacterInputLayerOnnxTests
{
    private const int Inputs = 3, Outputs = 4;

    public static TheoryData<LinkKind, int, int, int> Layers() => new()
    {
        { LinkKind.Continuous, 2, 8, 8 },     // one segment per character
        { LinkKind.Continuous, 3, 5, 11 },    // characters share segments
        { LinkKind.Discontinuous, 2, 4, 7 },
        { LinkKind.Polynomial, 4, 1, 6 },
        { LinkKind.Fourier, 5, 1, 9 },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Table_EqualsEachLinkAtEachCharacterValue(LinkKind kind, int n, int segments, int vocabularySize)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, LinkCombination.Sum);
        using var encoding = new CharacterValueEncoding("encoding", vocabularySize);

        float[] table = CharacterInputLayerOnnx.Table(encoding, layer);

        // Independent: the scalar reference of a layer in which only input i's links are kept (the others are zero
        // functions) at x_i = (2v + 1)/V - 1.
        double[,,] weights = ScalarReference.Weights(layer);
        for (int i = 0; i < Inputs; i++)
        {
            var only = (double[,,])weights.Clone();
            for (int other = 0; other < Inputs; other++)
            {
                for (int q = 0; q < only.GetLength(1) && other != i; q++)
                {
                    for (int o = 0; o < Outputs; o++)
                    {
                        only[other, q, o] = 0;
                    }
                }
            }
            var x = new double[vocabularySize, Inputs];
            for (int v = 0; v < vocabularySize; v++)
            {
                for (int input = 0; input < Inputs; input++)
                {
                    x[v, input] = (2.0 * v + 1) / vocabularySize - 1;
                }
            }
            double[,] expected = ScalarReference.Forward(x, only, kind, n, segments, OutOfRangePolicy.Extrapolate);
            for (int v = 0; v < vocabularySize; v++)
            {
                for (int o = 0; o < Outputs; o++)
                {
                    float actual = table[((i * vocabularySize) + v) * Outputs + o];
                    Assert.True(Math.Abs(expected[v, o] - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected[v, o])), $"T[{i}, {v}, {o}] expected {expected[v, o]} got {actual}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Emit_Folded_MatchesEncodingThenLayer(LinkKind kind, int n, int segments, int vocabularySize)
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(kind, n, segments, LinkCombination.Sum);
        using var encoding = new CharacterValueEncoding("encoding", vocabularySize);
        Assert.True(CharacterInputLayerOnnx.Folds(layer, vocabularySize));

        AssertOnnxMatchesTorch(encoding, layer);
    }

    [Fact]
    public void Emit_ProductLinks_KeepTheLayersOwnForm()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = NewLayer(LinkKind.Continuous, 2, 4, LinkCombination.Product);
        using var encoding = new CharacterValueEncoding("encoding", 7);
        Assert.False(CharacterInputLayerOnnx.Folds(layer, 7));

        AssertOnnxMatchesTorch(encoding, layer);
    }

    [Fact]
    public void Folds_LargeVocabularyFewSegments_OnlyWhileTheTableIsSmall()
    {
        using var scope = NewDisposeScope();
        // 16 inputs x 250 outputs: a 128-character table is 512 Ki elements, folded whatever the segments; a
        // 1,024-character one (4 Mi) is folded only when the weight (16 x K x 250) is at least half as large.
        var config = new HighOrderLayerConfig { InFeatures = 16, OutFeatures = 250, Segments = 2 };
        using var fewSegments = new HighOrderLayer("few", config, new Generator(1));
        using var manySegments = new HighOrderLayer("many", config with { Segments = 600 }, new Generator(1));

        Assert.True(CharacterInputLayerOnnx.Folds(fewSegments, 128));
        Assert.False(CharacterInputLayerOnnx.Folds(fewSegments, 1024));
        Assert.True(CharacterInputLayerOnnx.Folds(manySegments, 1024));
    }

    private static void AssertOnnxMatchesTorch(CharacterValueEncoding encoding, HighOrderLayer layer)
    {
        TorchTestSettings.UseOneThread();
        const int rows = 19;
        long[] ids = Enumerable.Range(0, rows * Inputs).Select(q => (long)(q * 7 % encoding.VocabularySize)).ToArray();
        var graph = new OnnxGraphBuilder("input");
        string input = graph.AddInput("ids", DataType.Int64, "batch", (long)Inputs);
        graph.AddNode("Identity", [CharacterInputLayerOnnx.Emit(graph, encoding, layer, input, "input")], "y");
        graph.AddOutput("y", DataType.Float, "batch", (long)Outputs);

        float[] onnx = (float[])OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "ids", ids, [rows, Inputs])["y"];

        using var noGrad = no_grad();
        float[] torch = layer.call(encoding.call(tensor(ids, [rows, Inputs]))).data<float>().ToArray();
        double worst = torch.Zip(onnx, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(worst <= 1e-5, $"max relative |torch - onnx| = {worst:E2}");
    }

    private static HighOrderLayer NewLayer(LinkKind kind, int n, int segments, LinkCombination combination) => new(
        "input",
        new HighOrderLayerConfig
        {
            InFeatures = Inputs, OutFeatures = Outputs, Kind = kind, Nodes = n, Segments = segments, Combination = combination,
            WeightMagnitude = Inputs, // uniform weights in (-1, 1): visible differences between characters
        },
        new Generator(11));
}
