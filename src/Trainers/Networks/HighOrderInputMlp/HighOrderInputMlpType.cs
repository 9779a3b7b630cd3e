using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order input MLP and writes it as ONNX: encoding, input layer, norm, ReLU MLP.</summary>
public sealed class HighOrderInputMlpType : NetworkType<HighOrderInputMlpConfig, HighOrderInputMlp>
{
    /// <inheritdoc />
    public override string Name => HighOrderInputMlpConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "One high-order input layer, a normalisation and a ReLU MLP (the original's high_order_input).";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderInputMlp network, string ids)
    {
        string x = CharacterValueEncodingOnnx.Emit(graph, network.Config.VocabularySize, ids, "encoding"); // (B, N)
        string h = HighOrderLayerOnnx.Emit(graph, network.InputLayer, x, "input");                        // (B, width)
        return LowOrderMlpOnnx.Emit(graph, network.Mlp, NormalizationOnnx.Emit(graph, network.Normalization, h, "norm"), "mlp"); // (B, V)
    }
}
