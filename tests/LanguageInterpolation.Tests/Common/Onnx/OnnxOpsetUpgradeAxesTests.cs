using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using Xunit;

namespace LanguageInterpolation.Tests.Common.Onnx;

public class OnnxOpsetUpgradeAxesTests
{
    [Fact]
    public void MoveAxesToInputs_OpsetTwelveReduceSum_RunsAsOpsetSeventeenWithTheSameResult()
    {
        // ML.NET's converter writes opset-12 nodes: ReduceSum with an axes attribute (an input from opset 13).
        var graph = new OnnxGraphBuilder("old");
        string x = graph.AddInput("x", TensorProto.Types.DataType.Float, 2L, 3L);
        graph.AddNode("ReduceSum", [x], "y", OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 0));
        graph.AddOutput("y", TensorProto.Types.DataType.Float, 2L);
        ModelProto model = graph.Build();

        Assert.Throws<NotSupportedException>(() => OnnxOpsetUpgrade.CheckUpgradable(model, "test"));
        OnnxOpsetUpgrade.MoveAxesToInputs(model);
        OnnxOpsetUpgrade.CheckUpgradable(model, "test");

        var outputs = OnnxRunner.Run(OnnxModelFile.ToBytes(model), "x", new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal(new float[] { 6, 15 }, (float[])outputs["y"]);
        Assert.DoesNotContain(model.Graph.Node[0].Attribute, attribute => attribute.Name == "axes");
    }
}
