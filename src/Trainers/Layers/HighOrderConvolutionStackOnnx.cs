using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes a <see cref="HighOrderConvolutionStack"/>: every convolution, then its normalisation over channels
/// (Transpose to (B, L, C), normalise the last axis, Transpose back).</summary>
public static class HighOrderConvolutionStackOnnx
{
    /// <summary>Emits the stack on <paramref name="input"/> (B, C_0, L_0 = <paramref name="inputLength"/>); returns
    /// every level's name and length, in order.</summary>
    public static IReadOnlyList<(string Name, int Length)> Emit(OnnxGraphBuilder graph, HighOrderConvolutionStack stack, string input, int inputLength, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(stack);
        var levels = new List<(string, int)>();
        string h = input;
        int length = inputLength;
        for (int layer = 0; layer < stack.Convolutions.Count; layer++)
        {
            string y = HighOrderConvolution1dOnnx.Emit(graph, stack.Convolutions[layer], h, length, $"{prefix}_conv{layer}"); // (B, C, L)
            length = stack.Convolutions[layer].Config.OutputLength(length);
            string positionsFirst = graph.AddNode("Transpose", [y], null, OnnxAttributes.Ints("perm", [0, 2, 1]));          // (B, L, C)
            string normalized = NormalizationOnnx.Emit(graph, stack.Normalizations[layer], positionsFirst, $"{prefix}_norm{layer}");
            h = graph.AddNode("Transpose", [normalized], null, OnnxAttributes.Ints("perm", [0, 2, 1]));                   // (B, C, L)
            levels.Add((h, length));
        }
        return levels;
    }
}
