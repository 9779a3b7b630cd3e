using LanguageInterpolation.Common.Onnx;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes <see cref="CharacterValueEncoding"/> as ONNX nodes: Cast, Mul 2, Add 1, Div V, Sub 1 (the same float32 steps).</summary>
public static class CharacterValueEncodingOnnx
{
    /// <summary>Emits the encoding of <paramref name="ids"/> (int64 (B, N)); returns the values (float (B, N)).</summary>
    public static string Emit(OnnxGraphBuilder graph, int vocabularySize, string ids, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        string asFloat = graph.AddNode("Cast", [ids], null, OnnxAttributes.Int("to", (long)DataType.Float));
        string doubled = graph.AddNode("Mul", [asFloat, graph.FloatScalar(prefix + "_two", 2f)]);
        string shifted = graph.AddNode("Add", [doubled, graph.FloatScalar(prefix + "_one", 1f)]);
        string scaled = graph.AddNode("Div", [shifted, graph.FloatScalar(prefix + "_vocabulary_size", vocabularySize)]);
        return graph.AddNode("Sub", [scaled, graph.FloatScalar(prefix + "_one_again", 1f)]);   // (B, N)
    }
}
