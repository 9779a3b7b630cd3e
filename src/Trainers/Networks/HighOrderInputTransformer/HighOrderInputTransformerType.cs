using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the causal transformer with a high-order token embedding and writes it as ONNX.</summary>
public sealed class HighOrderInputTransformerType : NetworkType<HighOrderInputTransformerConfig, HighOrderInputTransformer>
{
    /// <inheritdoc />
    public override string Name => HighOrderInputTransformerConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Causal transformer whose token embedding is one high-order layer (the original's high_order_input_transformer, fixed); linear q/k/v, GELU feed-forward.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderInputTransformer network, string ids) =>
        CausalTransformerOnnx.Emit(graph, network, CausalTransformerOnnx.EmitHighOrderTokens(graph, network.TokenEmbedding, network.Config.WindowSize, ids, "tokens"));
}
