using LanguageInterpolation.Common.Onnx;
using Xunit;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Common.Onnx;

public sealed class OnnxGraphEditsTests
{
    [Fact]
    public void Prune_DeadBranch_RemovesItsNodesInitializersAndInputs()
    {
        var graph = new OnnxGraphBuilder("g");
        string x = graph.AddInput("x", DataType.Float, 1L);
        string unused = graph.AddInput("unused", DataType.Float, 1L);
        string kept = graph.AddNode("Add", [x, graph.AddInitializer("one", [1f], 1)], "kept");
        graph.AddNode("Mul", [unused, graph.AddInitializer("dead_weight", [3f], 1)], "dead");
        graph.AddNode("Neg", [kept], "y");
        graph.AddOutput("y", DataType.Float, 1L);

        int removed = OnnxGraphEdits.Prune(graph.Graph);

        Assert.Equal(1, removed);
        Assert.Equal(["Add", "Neg"], graph.Graph.Node.Select(node => node.OpType));
        Assert.Equal(["one"], graph.Graph.Initializer.Select(tensor => tensor.Name));
        Assert.Equal(["x"], graph.Graph.Input.Select(input => input.Name));
    }

    [Fact]
    public void Prune_NothingDead_KeepsEveryNodeInOrder()
    {
        var graph = new OnnxGraphBuilder("g");
        string a = graph.AddNode("Neg", [graph.AddInput("x", DataType.Float, 1L)]);
        graph.AddNode("Abs", [a], "y");
        graph.AddOutput("y", DataType.Float, 1L);

        Assert.Equal(0, OnnxGraphEdits.Prune(graph.Graph));
        Assert.Equal(["Neg", "Abs"], graph.Graph.Node.Select(node => node.OpType));
    }
}
