using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Tests.Common.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Embed_GraphWithClashingNames_PrefixesThemAndComputesTheSame()
    {
        // other: y = x * two + "shift" (an initializer whose name the outer graph uses too).
        var other = new OnnxGraphBuilder("other");
        string x = other.AddInput("x", DataType.Float, "batch", 2L);
        string doubled = other.AddNode("Mul", [x, other.AddInitializer("two", [2f, 2f], 2)], "shift");
        other.AddNode("Add", [doubled, other.AddInitializer("offset", [1f, 10f], 2)], "y");
        other.AddOutput("y", DataType.Float, "batch", 2L);
        var outer = new OnnxGraphBuilder("outer");
        string input = outer.AddInput("input", DataType.Float, "batch", 2L);
        string shift = outer.AddNode("Add", [input, outer.AddInitializer("shift", [100f, 100f], 2)]);

        Func<string, string> embedded = outer.Embed(other.Graph, "inner.", new Dictionary<string, string> { ["x"] = shift });
        outer.AddNode("Identity", [embedded("y")], "result");
        outer.AddOutput("result", DataType.Float, "batch", 2L);

        Assert.Equal("inner.y", embedded("y"));
        Assert.Equal(shift, embedded("x"));
        Assert.Contains(outer.Graph.Initializer, tensor => tensor.Name == "inner.two");
        Assert.Equal([(1 + 100) * 2 + 1f, (3 + 100) * 2 + 10f], Run(outer.Build(), [1f, 3f]));
    }

    [Fact]
    public void Embed_InputNotWired_ThrowsNamingIt()
    {
        var other = new OnnxGraphBuilder("other");
        other.AddNode("Neg", [other.AddInput("x", DataType.Float, 1L)], "y");
        var outer = new OnnxGraphBuilder("outer");

        ArgumentException error = Assert.Throws<ArgumentException>(() => outer.Embed(other.Graph, "inner.", new Dictionary<string, string>()));

        Assert.Contains("Input 'x' of the embedded graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_NodeWithSubgraph_ThrowsNotSupported()
    {
        var other = new OnnxGraphBuilder("other");
        other.AddNode("If", [other.AddInput("c", DataType.Bool, 1L)], "y",
            new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = new GraphProto() });

        Assert.Throws<NotSupportedException>(() => new OnnxGraphBuilder("outer").Embed(other.Graph, "inner.", new Dictionary<string, string> { ["c"] = "c" }));
    }

    private static float[] Run(ModelProto model, float[] row)
    {
        using var session = new InferenceSession(OnnxModelFile.ToBytes(model));
        using var input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["input"], [input], ["result"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
