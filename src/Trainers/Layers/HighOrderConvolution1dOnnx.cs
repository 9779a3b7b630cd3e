using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes a <see cref="HighOrderConvolution1d"/> as ONNX nodes, as its forward: Gather of the window
/// positions (constant indices), Transpose and Reshape to (B·L_out, C_in·k), the window layer
/// (<see cref="HighOrderLayerOnnx"/>, with the padding mask), then back to (B, C_out, L_out). Every shape is a
/// constant.</summary>
public static class HighOrderConvolution1dOnnx
{
    /// <summary>Emits <paramref name="convolution"/> applied to <paramref name="input"/> (B, C_in, L) with a known
    /// <paramref name="inputLength"/>; returns the output (B, C_out, L_out).</summary>
    public static string Emit(OnnxGraphBuilder graph, HighOrderConvolution1d convolution, string input, int inputLength, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(convolution);
        HighOrderConvolution1dConfig config = convolution.Config;
        HighOrderConvolution1d.Windows windows = convolution.WindowsOf(inputLength);
        int k = config.KernelSize;
        string index = graph.AddInitializer(prefix + "_positions", windows.Positions, windows.Length, k);                 // (L_out, k)
        string taps = graph.AddNode("Gather", [input, index], null, OnnxAttributes.Int("axis", 2));                    // (B, C_in, L_out, k)
        string ordered = graph.AddNode("Transpose", [taps], null, OnnxAttributes.Ints("perm", [0, 2, 1, 3]));      // (B, L_out, C_in, k)
        string links = graph.AddNode("Reshape", [ordered, graph.Int64Constant(prefix + "_links_shape", -1, config.LinksPerOutput)]); // (B·L_out, C_in·k)
        string y = HighOrderLayerOnnx.Emit(graph, convolution.Links, links, prefix + "_links", windows.Mask);        // (B·L_out, C_out)
        if (config.RescaleOutput)
        {
            y = graph.AddNode("Div", [y, graph.FloatScalar(prefix + "_links_per_output", config.LinksPerOutput)]);
        }
        string grouped = graph.AddNode("Reshape", [y, graph.Int64Constant(prefix + "_output_shape", -1, windows.Length, config.OutChannels)]); // (B, L_out, C_out)
        return graph.AddNode("Transpose", [grouped], null, OnnxAttributes.Ints("perm", [0, 2, 1]));                  // (B, C_out, L_out)
    }
}
