using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the embedding-bag MLP and writes it as ONNX: Gather of the embeddings, mean over positions, norm, ReLU MLP.</summary>
public sealed class EmbeddingBagMlpType : NetworkType<EmbeddingBagMlpConfig, EmbeddingBagMlp>
{
    /// <inheritdoc />
    public override int CardFormat(NetworkConfig config) => 1;

    /// <inheritdoc />
    public override string Name => EmbeddingBagMlpConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Bag-of-characters baseline: mean of character embeddings, a normalisation and a ReLU MLP (the original's low_order_mlp).";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, EmbeddingBagMlp network, string ids)
    {
        string table = graph.AddInitializer("embedding", TensorValues.Of(network.Embedding), network.Embedding.shape[0], network.Embedding.shape[1]);
        string embedded = graph.AddNode("Gather", [table, ids], null, OnnxAttributes.Int("axis", 0));                       // (B, N, width)
        string bag = graph.AddNode("ReduceMean", [embedded], null, OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 0)); // (B, width)
        return LowOrderMlpOnnx.Emit(graph, network.Mlp, NormalizationOnnx.Emit(graph, network.Normalization, bag, "norm"), "mlp"); // (B, V)
    }
}
