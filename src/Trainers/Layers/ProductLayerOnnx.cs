using LanguageInterpolation.Common.Onnx;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes a <see cref="ProductLayer"/> as ONNX nodes, as its forward: the links <c>x_i w_oi</c> as one
/// broadcast Mul, (B, in, 1) × (in, out), then <see cref="ProductCombinationOnnx"/> and the bias.</summary>
public static class ProductLayerOnnx
{
    /// <summary>Emits <paramref name="layer"/> applied to <paramref name="input"/> (B, in); returns (B, out).</summary>
    public static string Emit(OnnxGraphBuilder graph, ProductLayer layer, string input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layer);
        ProductLayerConfig config = layer.Config;
        float[] transposed;
        using (NewDisposeScope())
        {
            transposed = TensorValues.Of(layer.Weight.t());
        }
        string weight = graph.AddInitializer(prefix + "_weight_t", transposed, config.InFeatures, config.OutFeatures);                       // (in, out)
        string column = graph.AddNode("Unsqueeze", [input, graph.Int64Constant(prefix + "_link_axis", -1)]);                                   // (B, in, 1)
        string links = graph.AddNode("Mul", [column, weight]);                                                                                  // (B, in, out)
        string y = ProductCombinationOnnx.Emit(graph, links, config.Alpha, prefix);                                                            // (B, out)
        return layer.Bias is null ? y : graph.AddNode("Add", [y, graph.AddInitializer(prefix + "_bias", TensorValues.Of(layer.Bias), config.OutFeatures)]);
    }
}
