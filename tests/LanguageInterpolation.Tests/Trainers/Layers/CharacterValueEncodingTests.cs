using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class CharacterValueEncodingTests
{
    [Fact]
    public void Forward_Ids_AreTheCentresOfTheirBins()
    {
        // V = 4 cuts [-1, 1] into bins of width 1/2 whose centres are -3/4, -1/4, 1/4, 3/4 (by hand).
        using var encoding = new CharacterValueEncoding("encoding", 4);
        using Tensor ids = tensor(new long[] { 0, 1, 2, 3, 3, 0 }, [2, 3]);

        using Tensor values = encoding.call(ids);

        Assert.Equal(ScalarType.Float32, values.dtype);
        Assert.Equal([2L, 3L], values.shape);
        Assert.Equal([-0.75f, -0.25f, 0.25f, 0.75f, 0.75f, -0.75f], values.data<float>().ToArray());
    }

    [Fact]
    public void Forward_AsciiIds_MatchTheVocabularyInputValuesBitForBit()
    {
        var vocabulary = LanguageInterpolation.Transforms.Vocabulary.CharacterVocabulary.Ascii;
        using var encoding = new CharacterValueEncoding("encoding", vocabulary.Count);
        using Tensor ids = Range(vocabulary.Count).unsqueeze(0);

        float[] values = encoding.call(ids).data<float>().ToArray();

        Assert.Equal(vocabulary.InputValues(), values);
    }

    [Fact]
    public void Module_HasNoStateAndFollowsTheNetworkDtype()
    {
        using var encoding = new CharacterValueEncoding("encoding", 8);
        Assert.Empty(encoding.state_dict());
        Assert.Empty(encoding.parameters());

        encoding.to(ScalarType.Float64);
        using Tensor values = encoding.call(tensor(new long[] { 5 }, [1, 1]));

        Assert.Equal(ScalarType.Float64, values.dtype);
        Assert.Equal(0.375, values.item<double>());
    }

    [Fact]
    public void Onnx_Emit_ComputesTheSameValues()
    {
        var graph = new OnnxGraphBuilder("encoding");
        string ids = graph.AddInput("ids", LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType.Int64, "batch", 5L);
        graph.AddNode("Identity", [CharacterValueEncodingOnnx.Emit(graph, 7, ids, "encoding")], "values");
        graph.AddOutput("values", LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType.Float, "batch", 5L);
        long[] input = [0, 1, 2, 3, 6, 6, 5, 4, 3, 2];

        var outputs = OnnxRunner.Run(OnnxModelFile.ToBytes(graph.Build()), "ids", input, [2, 5]);

        using var encoding = new CharacterValueEncoding("encoding", 7);
        Assert.Equal(encoding.call(tensor(input, [2, 5])).data<float>().ToArray(), (float[])outputs["values"]);
    }
}
