using LanguageInterpolation.Common.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Writes any layer built by <see cref="FullyConnectedLayers.Create"/> as ONNX nodes, through its own
/// emitter.</summary>
public static class FullyConnectedLayersOnnx
{
    /// <summary>Emits <paramref name="layer"/> applied to <paramref name="input"/> (B, in); returns (B, out).</summary>
    /// <exception cref="NotSupportedException">The module is not one of the fully connected layers.</exception>
    public static string Emit(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> layer, string input, string prefix) => layer switch
    {
        HighOrderLayer highOrder => HighOrderLayerOnnx.Emit(graph, highOrder, input, prefix),
        ProductLayer product => ProductLayerOnnx.Emit(graph, product, input, prefix),
        SwitchLayer switchLayer => SwitchLayerOnnx.Emit(graph, switchLayer, input, prefix),
        _ => throw new NotSupportedException($"No ONNX form for a {layer?.GetType().Name ?? "null"} layer."),
    };
}
