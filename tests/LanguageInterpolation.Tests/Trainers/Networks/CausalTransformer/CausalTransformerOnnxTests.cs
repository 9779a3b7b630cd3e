using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;

public class CausalTransformerOnnxTests
{
    // The bound for ONNX Runtime vs TorchSharp (both float32, different kernels and summation orders).
    private const double Tolerance = 1e-4;
    private const int Classes = 11;

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Export_WindowGraph_MatchesTorchNextCharacterProbabilities(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);
        long[] ids = TransformerTestNetworks.RandomIds(rows: 9, seed: 13, Classes);
        byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null));

        var outputs = OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [9, TransformerTestNetworks.Window]);

        using var noGrad = no_grad();
        using Tensor expected = nn.functional.softmax(network.NextCharacterLogits(tensor(ids, [9, TransformerTestNetworks.Window])), 1);
        float[] actual = (float[])outputs[OnnxNames.Score];
        double worst = expected.data<float>().ToArray().Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"max |torch - onnx| = {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Export_WindowGraph_ComputesNoShapesAndPassesTheChecker(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);
        ModelProto model = NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null);

        Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
        Assert.Contains(model.OpsetImport, opset => opset.Domain == "" && opset.Version == 17);
        string path = Path.Combine(TestData.NewScratchFolder(), "transformer.onnx");
        File.WriteAllBytes(path, OnnxModelFile.ToBytes(model));
        OnnxChecker.Check(path);
    }
}
