using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order causal transformer and writes it as ONNX.</summary>
public sealed class HighOrderTransformerType : NetworkType<HighOrderTransformerConfig, HighOrderTransformer>
{
    /// <inheritdoc />
    public override string Name => HighOrderTransformerConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Causal transformer with a high-order token embedding, high-order q/k/v and high-order feed-forward layers (the original's high_order_transformer, fixed).";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderTransformer network, string ids) =>
        CausalTransformerOnnx.Emit(graph, network, CausalTransformerOnnx.EmitHighOrderTokens(graph, network.TokenEmbedding, network.Config.WindowSize, ids, "tokens"));
}
