using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order MLP and writes it as ONNX: encoding, input layer, [norm, hidden (+ residual)], norm, output layer.</summary>
public sealed class HighOrderMlpType : NetworkType<HighOrderMlpConfig, HighOrderMlp>
{
    /// <inheritdoc />
    public override string Name => HighOrderMlpConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "High-order MLP: piecewise-polynomial input, hidden and output layers with a normalisation between them.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderMlp network, string ids)
    {
        string x = CharacterValueEncodingOnnx.Emit(graph, network.Config.VocabularySize, ids, "encoding"); // (B, N)
        string h = HighOrderLayerOnnx.Emit(graph, network.InputLayer, x, "input");                        // (B, width)
        for (int layer = 0; layer < network.HiddenLayers.Count; layer++)
        {
            string normalized = NormalizationOnnx.Emit(graph, network.NormalizationsBeforeHidden[layer], h, $"norm{layer}");
            string f = HighOrderLayerOnnx.Emit(graph, network.HiddenLayers[layer], normalized, $"hidden{layer}");
            h = network.Residual ? graph.AddNode("Add", [h, f]) : f;
        }
        string last = NormalizationOnnx.Emit(graph, network.NormalizationBeforeOutput, h, $"norm{network.HiddenLayers.Count}");
        return HighOrderLayerOnnx.Emit(graph, network.OutputLayer, last, "output");                       // (B, V)
    }
}
