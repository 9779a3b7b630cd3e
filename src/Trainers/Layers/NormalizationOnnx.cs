using LanguageInterpolation.Common.Onnx;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes the normalisation modules as ONNX nodes over the last axis.</summary>
public static class NormalizationOnnx
{
    /// <summary>Emits <paramref name="module"/> applied to <paramref name="input"/>; returns the output value name.</summary>
    public static string Emit(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> module, string input, string prefix) => module switch
    {
        LayerNormalization layerNorm => graph.AddNode("LayerNormalization",
            [input,
             graph.AddInitializer(prefix + "_gain", TensorValues.Of(layerNorm.Weight), layerNorm.Weight.shape[0]),
             graph.AddInitializer(prefix + "_bias", TensorValues.Of(layerNorm.Bias), layerNorm.Bias.shape[0])],
            null, OnnxAttributes.Int("axis", -1), OnnxAttributes.Float("epsilon", (float)LayerNormalization.Epsilon)),
        MaxAbsNormalization => EmitMaxAbs(graph, input, prefix),
        MaxCenterNormalization => EmitMaxCenter(graph, input, prefix),
        IdentityNormalization => input,
        _ => throw new NotSupportedException($"Normalisation module {module.GetType().Name} has no ONNX form."),
    };

    // x / (max_i |x_i| + eps)
    private static string EmitMaxAbs(OnnxGraphBuilder graph, string input, string prefix)
    {
        string magnitude = graph.AddNode("ReduceMax", [graph.AddNode("Abs", [input])], null, OnnxAttributes.Ints("axes", [-1]), OnnxAttributes.Int("keepdims", 1));
        return graph.AddNode("Div", [input, graph.AddNode("Add", [magnitude, graph.FloatScalar(prefix + "_epsilon", (float)MaxAbsNormalization.Epsilon)])]);
    }

    // (x - mid) / (half_range + eps), mid = (max + min)/2, half_range = max - mid
    private static string EmitMaxCenter(OnnxGraphBuilder graph, string input, string prefix)
    {
        string high = graph.AddNode("ReduceMax", [input], null, OnnxAttributes.Ints("axes", [-1]), OnnxAttributes.Int("keepdims", 1));
        string low = graph.AddNode("ReduceMin", [input], null, OnnxAttributes.Ints("axes", [-1]), OnnxAttributes.Int("keepdims", 1));
        string middle = graph.AddNode("Mul", [graph.AddNode("Add", [high, low]), graph.FloatScalar(prefix + "_half", 0.5f)]);
        string halfRange = graph.AddNode("Sub", [high, middle]);
        string denominator = graph.AddNode("Add", [halfRange, graph.FloatScalar(prefix + "_epsilon", (float)MaxCenterNormalization.Epsilon)]);
        return graph.AddNode("Div", [graph.AddNode("Sub", [input, middle]), denominator]);
    }
}
