using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes a <see cref="HighOrderConvolutionTranspose1d"/> as ONNX nodes, as its forward: Transpose and
/// Reshape to (B·L, C_in), the position layer (<see cref="HighOrderLayerOnnx"/>), back to (B, C_out, L·k), then the
/// overlap-add as one MatMul with a constant 0/1 (L·k, L_out) placement matrix. Every shape is a constant.</summary>
public static class HighOrderConvolutionTranspose1dOnnx
{
    /// <summary>Emits <paramref name="convolution"/> applied to <paramref name="input"/> (B, C_in, L) with a known
    /// <paramref name="inputLength"/>; returns the output (B, C_out, L_out).</summary>
    public static string Emit(OnnxGraphBuilder graph, HighOrderConvolutionTranspose1d convolution, string input, int inputLength, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(convolution);
        HighOrderConvolutionTranspose1dConfig config = convolution.Config;
        HighOrderConvolutionTranspose1d.Placement placement = convolution.PlacementOf(inputLength);
        int k = config.KernelSize, outputs = config.OutChannels;
        string positions = graph.AddNode("Transpose", [input], null, OnnxAttributes.Ints("perm", [0, 2, 1]));                          // (B, L, C_in)
        string rows = graph.AddNode("Reshape", [positions, graph.Int64Constant(prefix + "_rows_shape", -1, config.InChannels)]);       // (B·L, C_in)
        string g = HighOrderLayerOnnx.Emit(graph, convolution.Links, rows, prefix + "_links");                                          // (B·L, C_out·k)
        string grouped = graph.AddNode("Reshape", [g, graph.Int64Constant(prefix + "_taps_shape", -1, inputLength, outputs, k)]);      // (B, L, C_out, k)
        string ordered = graph.AddNode("Transpose", [grouped], null, OnnxAttributes.Ints("perm", [0, 2, 1, 3]));                     // (B, C_out, L, k)
        string taps = graph.AddNode("Reshape", [ordered, graph.Int64Constant(prefix + "_columns_shape", 0, outputs, (long)inputLength * k)]); // (B, C_out, L·k)
        var matrix = new float[(long)inputLength * k * placement.Length];
        for (int q = 0; q < placement.Sources.Length; q++)
        {
            matrix[placement.Sources[q] * placement.Length + placement.Targets[q]] = 1f;
        }
        string place = graph.AddInitializer(prefix + "_placement", matrix, (long)inputLength * k, placement.Length);                  // (L·k, L_out)
        string y = graph.AddNode("MatMul", [taps, place]);                                                                              // (B, C_out, L_out)
        return config.RescaleOutput
            ? graph.AddNode("Div", [y, graph.FloatScalar(prefix + "_links_per_window", config.InChannels * k)])
            : y;
    }
}
