using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order fully convolutional network and writes it as ONNX: encoding, convolution stack,
/// flatten, Linear.</summary>
public sealed class HighOrderConvType : NetworkType<HighOrderConvConfig, HighOrderConv>
{
    /// <inheritdoc />
    public override string Name => HighOrderConvConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "High-order fully convolutional network: piecewise-polynomial 1-D convolutions with a normalisation over channels, then a Linear output.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderConv network, string ids)
    {
        var config = (HighOrderConvConfig)network.Config;
        string x = CharacterValueEncodingOnnx.Emit(graph, config.VocabularySize, ids, "encoding");                          // (B, T)
        string channel = graph.AddNode("Unsqueeze", [x, graph.Int64Constant("channel_axis", 1)]);                           // (B, 1, T)
        string h = HighOrderConvolutionStackOnnx.Emit(graph, network.Stack, channel, config.WindowSize, "stack")[^1].Name; // (B, C, L)
        string flat = graph.AddNode("Reshape", [h, graph.Int64Constant("flat_shape", -1, config.FlattenedWidth)]);        // (B, C·L)
        return LowOrderMlpOnnx.EmitLinear(graph, network.OutputLayer, flat, "output");                                     // (B, V)
    }
}
