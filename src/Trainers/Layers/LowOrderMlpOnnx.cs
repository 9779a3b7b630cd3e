using LanguageInterpolation.Common.Onnx;
using TorchSharp.Modules;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes a <see cref="LowOrderMlp"/>: Linear, then [norm, ReLU, Linear] for every further layer.</summary>
public static class LowOrderMlpOnnx
{
    /// <summary>Emits <paramref name="mlp"/> applied to <paramref name="input"/>; returns the output value name.</summary>
    public static string Emit(OnnxGraphBuilder graph, LowOrderMlp mlp, string input, string prefix)
    {
        string h = EmitLinear(graph, (Linear)mlp.Linears[0], input, $"{prefix}_linear0");
        for (int layer = 1; layer < mlp.Linears.Count; layer++)
        {
            string normalized = NormalizationOnnx.Emit(graph, mlp.Normalizations[layer - 1], h, $"{prefix}_norm{layer - 1}");
            h = EmitLinear(graph, (Linear)mlp.Linears[layer], graph.AddNode("Relu", [normalized]), $"{prefix}_linear{layer}");
        }
        return h;
    }

    /// <summary>Emits a Linear layer, <c>y = x Wᵀ + b</c>, with <c>Wᵀ</c> stored as the (in, out) initializer of a MatMul.</summary>
    public static string EmitLinear(OnnxGraphBuilder graph, Linear linear, string input, string prefix)
    {
        using var transposed = linear.weight!.detach().t();
        string weight = graph.AddInitializer(prefix + "_weight", TensorValues.Of(transposed), transposed.shape[0], transposed.shape[1]);
        string bias = graph.AddInitializer(prefix + "_bias", TensorValues.Of(linear.bias!), linear.bias!.shape[0]);
        return graph.AddNode("Add", [graph.AddNode("MatMul", [input, weight]), bias]);
    }
}
