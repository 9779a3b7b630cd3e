using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the ReLU MLP baseline and writes it as ONNX: encoding, ReLU MLP.</summary>
public sealed class ReluMlpType : NetworkType<ReluMlpConfig, ReluMlp>
{
    /// <inheritdoc />
    public override int CardFormat(NetworkConfig config) => 1;

    /// <inheritdoc />
    public override string Name => ReluMlpConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Low-order baseline: a ReLU MLP on the same encoded window as the high-order networks.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, ReluMlp network, string ids) =>
        LowOrderMlpOnnx.Emit(graph, network.Mlp, CharacterValueEncodingOnnx.Emit(graph, network.Config.VocabularySize, ids, "encoding"), "mlp");
}
