using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the dual convolution network and writes it as ONNX, unrolled over its
/// <c>ceil(log2 T)</c> levels with constant shapes: encoding, embedding, then per level an optional zero vector
/// (a Slice of the level times 0) Concat on the left, Reshape to pairs, the merge MLP; then Linear.</summary>
public sealed class DualConvolutionType : NetworkType<DualConvolutionConfig, DualConvolution>
{
    /// <inheritdoc />
    public override string Name => DualConvolutionConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Dual convolution: one shared high-order MLP merges neighbouring pairs of character vectors until one vector remains.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, DualConvolution network, string ids)
    {
        var config = (DualConvolutionConfig)network.Config;
        int width = config.EmbeddingWidth;
        string x = CharacterValueEncodingOnnx.Emit(graph, config.VocabularySize, ids, "encoding");                  // (B, T)
        string column = graph.AddNode("Unsqueeze", [x, graph.Int64Constant("value_axis", -1)]);                     // (B, T, 1)
        string rows = graph.AddNode("Reshape", [column, graph.Int64Constant("embedding_rows", -1, 1)]);             // (B·T, 1)
        string embedded = HighOrderLayerOnnx.Emit(graph, network.Embedding, rows, "embedding");                     // (B·T, E)
        string e = NormalizationOnnx.Emit(graph, network.EmbeddingNormalization, embedded, "embedding_norm");
        int length = config.WindowSize;
        e = graph.AddNode("Reshape", [e, graph.Int64Constant("embedding_shape", -1, length, width)]);              // (B, T, E)
        for (int level = 0; length > 1; level++)
        {
            if (length % 2 == 1)
            {
                string first = graph.AddNode("Slice", [e, graph.Int64Constant($"level{level}_first_start", 0),
                    graph.Int64Constant($"level{level}_first_end", 1), graph.Int64Constant($"level{level}_first_axis", 1)]); // (B, 1, E)
                string zero = graph.AddNode("Mul", [first, graph.FloatScalar($"level{level}_zero", 0f)]);
                e = graph.AddNode("Concat", [zero, e], null, OnnxAttributes.Int("axis", 1));                       // (B, L + 1, E)
                length++;
            }
            string pairs = graph.AddNode("Reshape", [e, graph.Int64Constant($"level{level}_pairs", -1, 2 * width)]); // (B·L/2, 2E)
            string h = HighOrderLayerOnnx.Emit(graph, network.MergeLayers[0], pairs, $"level{level}_merge0");
            for (int layer = 1; layer < network.MergeLayers.Count; layer++)
            {
                string normalized = NormalizationOnnx.Emit(graph, network.MergeNormalizations[layer - 1], h, $"level{level}_merge_norm{layer - 1}");
                h = HighOrderLayerOnnx.Emit(graph, network.MergeLayers[layer], normalized, $"level{level}_merge{layer}");
            }
            h = NormalizationOnnx.Emit(graph, network.MergeNormalizations[^1], h, $"level{level}_merge_norm{network.MergeLayers.Count - 1}"); // (B·L/2, E)
            length /= 2;
            e = graph.AddNode("Reshape", [h, graph.Int64Constant($"level{level}_shape", -1, length, width)]);      // (B, L/2, E)
        }
        ShareLevelInitializers(graph.Graph);
        string last = graph.AddNode("Reshape", [e, graph.Int64Constant("last_shape", -1, width)]);                 // (B, E)
        return LowOrderMlpOnnx.EmitLinear(graph, network.OutputLayer, last, "output");                             // (B, V)
    }

    /// <summary>The merge MLP is shared, so every level emits the same weights: each initializer of level L &gt; 0
    /// that equals level 0's of the same name is dropped and its readers read level 0's (one copy of the weights in
    /// the file instead of <c>ceil(log2 T)</c>).</summary>
    private static void ShareLevelInitializers(Common.Onnx.Proto.GraphProto graph)
    {
        var firstLevel = graph.Initializer.Where(tensor => tensor.Name.StartsWith("level0_", StringComparison.Ordinal))
            .ToDictionary(tensor => tensor.Name["level0_".Length..], StringComparer.Ordinal);
        var replaced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer)
        {
            int separator = tensor.Name.IndexOf('_', StringComparison.Ordinal);
            if (separator > 0 && tensor.Name.StartsWith("level", StringComparison.Ordinal) && !tensor.Name.StartsWith("level0_", StringComparison.Ordinal)
                && firstLevel.TryGetValue(tensor.Name[(separator + 1)..], out var shared) && shared.Equals(WithName(tensor, shared.Name)))
            {
                replaced[tensor.Name] = shared.Name;
            }
        }
        foreach (var node in graph.Node)
        {
            for (int input = 0; input < node.Input.Count; input++)
            {
                if (replaced.TryGetValue(node.Input[input], out string? shared))
                {
                    node.Input[input] = shared;
                }
            }
        }
        var kept = graph.Initializer.Where(tensor => !replaced.ContainsKey(tensor.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
    }

    private static Common.Onnx.Proto.TensorProto WithName(Common.Onnx.Proto.TensorProto tensor, string name)
    {
        var renamed = tensor.Clone();
        renamed.Name = name;
        return renamed;
    }
}
