using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes <see cref="ProductCombination"/> as ONNX nodes: <c>ReduceProd(1 + f) - 1</c> over the inputs, plus
/// <c>(1 - alpha) ReduceSum(f)</c> when alpha is not 1.</summary>
public static class ProductCombinationOnnx
{
    /// <summary>Emits the combination of <paramref name="links"/> (B, in, out); returns (B, out).</summary>
    public static string Emit(OnnxGraphBuilder graph, string links, double alpha, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string one = graph.FloatScalar(prefix + "_product_one", 1f);
        string product = graph.AddNode("ReduceProd", [graph.AddNode("Add", [links, one])], null,
            OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 0));                   // (B, out)
        string y = graph.AddNode("Sub", [product, one]);
        if (alpha != 1.0)
        {
            string sum = graph.AddNode("ReduceSum", [links, graph.Int64Constant(prefix + "_product_sum_axis", 1)], null,
                OnnxAttributes.Int("keepdims", 0));                                                  // (B, out)
            y = graph.AddNode("Add", [y, graph.AddNode("Mul", [sum, graph.FloatScalar(prefix + "_product_additive", (float)(1.0 - alpha))])]);
        }
        return y;
    }
}
