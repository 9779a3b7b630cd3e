using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using Xunit;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Common.Onnx;

public sealed class OnnxOpsetUpgradeTests
{
    [Fact]
    public void CheckUpgradable_Opset12ArithmeticAndTrees_Accepted()
    {
        ModelProto model = Model(12, 2, ("", "Mul"), ("", "Sigmoid"), ("ai.onnx.ml", "TreeEnsembleRegressor"), ("ai.onnx.ml", "LabelEncoder"));
        ModelProto before = model.Clone();

        Exception? error = Record.Exception(() => OnnxOpsetUpgrade.CheckUpgradable(model, "test"));

        Assert.Null(error);
        Assert.Equal(before, model); // a check only: the graph is copied as it is
    }

    [Fact]
    public void CheckUpgradable_OperatorsThatChangedAfter12_RefusedByName()
    {
        ModelProto model = Model(12, 2, ("", "Squeeze"), ("", "Softmax"), ("", "Mul"), ("com.microsoft", "FusedGemm"));
        model.Graph.Node[0].Attribute.Add(OnnxAttributes.Ints("axes", [0])); // the opset-12 form, until MoveAxesToInputs rewrites it

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => OnnxOpsetUpgrade.CheckUpgradable(model, "test"));

        Assert.Contains("Softmax, Squeeze, com.microsoft.FusedGemm", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mul", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckUpgradable_OpsetsOutsideTheRange_RefusedWithBoth()
    {
        ModelProto model = Model(9, 3, ("", "Add"));

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => OnnxOpsetUpgrade.CheckUpgradable(model, "test"));

        Assert.Contains("default-domain opset 9 (supported: 11 to 17)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ai.onnx.ml opset 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckUpgradable_LabelEncoderOfMlOpset1_Refused()
    {
        ModelProto model = Model(12, 1, ("ai.onnx.ml", "LabelEncoder"));

        Assert.Throws<NotSupportedException>(() => OnnxOpsetUpgrade.CheckUpgradable(model, "test"));
    }

    private static ModelProto Model(long opset, long mlOpset, params (string Domain, string Op)[] nodes)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(OnnxGraphBuilder.ValueInfo("x", DataType.Float, 1L));
        foreach (var (domain, op) in nodes)
        {
            graph.Node.Add(new NodeProto { OpType = op, Domain = domain, Input = { "x" }, Output = { op + "_out" } });
        }
        var model = new ModelProto { IrVersion = 6, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = mlOpset });
        return model;
    }
}
