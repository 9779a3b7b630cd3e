using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes a <see cref="SwitchLayer"/> as ONNX nodes: every branch (<see cref="HighOrderLayerOnnx"/>) on the same
/// input, multiplied element-wise.</summary>
public static class SwitchLayerOnnx
{
    /// <summary>Emits <paramref name="layer"/> applied to <paramref name="input"/> (B, in); returns (B, out).</summary>
    public static string Emit(OnnxGraphBuilder graph, SwitchLayer layer, string input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layer);
        string y = HighOrderLayerOnnx.Emit(graph, layer.Branches[0], input, prefix + "_branch0");
        for (int b = 1; b < layer.Branches.Count; b++)
        {
            y = graph.AddNode("Mul", [y, HighOrderLayerOnnx.Emit(graph, layer.Branches[b], input, $"{prefix}_branch{b}")]);
        }
        return y;
    }
}
