using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the low-order causal transformer and writes it as ONNX.</summary>
public sealed class TransformerType : NetworkType<TransformerConfig, Transformer>
{
    /// <inheritdoc />
    public override string Name => TransformerConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Standard causal transformer: token table, learned positions, pre-norm blocks with linear q/k/v and GELU feed-forward; trains on every position.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, Transformer network, string ids) =>
        CausalTransformerOnnx.Emit(graph, network, CausalTransformerOnnx.EmitTokenTable(graph, (TokenEmbedding)network.Tokens, ids, "tokens"));
}
