using LanguageInterpolation.Common.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>
/// Writes a network's first two modules, <see cref="CharacterValueEncoding"/> and its input layer, as ONNX nodes.
/// A summing <see cref="HighOrderLayer"/> that reads character ids is a sum of lookups: input i only ever sees the V
/// values <c>(2v + 1)/V - 1</c>, so <c>y_o = sum_i f_oi(x_i)</c> is <c>sum_i T[i, id_i, o]</c> with the table
/// <c>T[i, v, o] = f_oi((2v + 1)/V - 1)</c>. The graph then gathers one table row per position and sums them (B, N, out)
/// -> (B, out), with no segment search, basis or contraction: the same function (to float rounding) at a fraction of
/// the work per row. Other input layers, and tables more than twice the layer's weight and over
/// <see cref="TableElementsAlwaysFolded"/> elements (a large vocabulary with few segments), keep the layer's own form.
/// </summary>
public static class CharacterInputLayerOnnx
{
    /// <summary>Tables up to this many elements (4 MiB of float32) are always folded.</summary>
    public const long TableElementsAlwaysFolded = 1L << 20;

    /// <summary>Emits the encoding of <paramref name="ids"/> (int64 (B, N), already within [0, V)) and
    /// <paramref name="inputLayer"/>; returns the layer's output (B, out).</summary>
    public static string Emit(OnnxGraphBuilder graph, CharacterValueEncoding encoding, nn.Module<Tensor, Tensor> inputLayer, string ids, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(encoding);
        if (inputLayer is HighOrderLayer layer && Folds(layer, encoding.VocabularySize))
        {
            return EmitTable(graph, encoding, layer, ids, prefix);
        }
        string x = CharacterValueEncodingOnnx.Emit(graph, encoding.VocabularySize, ids, "encoding");              // (B, N)
        return FullyConnectedLayersOnnx.Emit(graph, inputLayer, x, prefix);                                        // (B, out)
    }

    /// <summary>Whether the layer is written as a table: summing links, and a table of at most
    /// <see cref="TableElementsAlwaysFolded"/> elements or at most twice the weight.</summary>
    public static bool Folds(HighOrderLayer layer, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(layer);
        HighOrderLayerConfig config = layer.Config;
        long tableElements = (long)config.InFeatures * vocabularySize * config.OutFeatures;
        return config.Combination == LinkCombination.Sum
            && (tableElements <= TableElementsAlwaysFolded || tableElements <= 2 * layer.Weight.numel());
    }

    /// <summary>The table T (N·V, out): row <c>i·V + v</c> is every output's link value of input i at character v.</summary>
    public static float[] Table(CharacterValueEncoding encoding, HighOrderLayer layer)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(layer);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        HighOrderLayerConfig config = layer.Config;
        int inputs = config.InFeatures, characters = encoding.VocabularySize;
        Tensor ids = Range(characters).unsqueeze(1).expand(characters, inputs);      // (V, N): id v at every input
        Tensor basis = layer.ExpandedBasis(encoding.call(ids).to(layer.Weight.dtype))
            .view(characters, inputs, config.WeightsPerLink);                                                   // (V, N, K)
        Tensor table = basis.transpose(0, 1).bmm(layer.Weight);                                                 // (N, V, K)·(N, K, out) -> (N, V, out)
        return table.to(ScalarType.Float32).contiguous().data<float>().ToArray();
    }

    private static string EmitTable(OnnxGraphBuilder graph, CharacterValueEncoding encoding, HighOrderLayer layer, string ids, string prefix)
    {
        HighOrderLayerConfig config = layer.Config;
        int inputs = config.InFeatures, characters = encoding.VocabularySize;
        string table = graph.AddInitializer(prefix + "_character_table", Table(encoding, layer), (long)inputs * characters, config.OutFeatures); // (N·V, out)
        long[] offsets = Enumerable.Range(0, inputs).Select(i => (long)i * characters).ToArray();
        string rows = graph.AddNode("Add", [ids, graph.AddInitializer(prefix + "_row_offsets", offsets, 1, inputs)]); // (B, N): i·V + id_i
        string values = graph.AddNode("Gather", [table, rows], null, OnnxAttributes.Int("axis", 0));           // (B, N, out)
        return graph.AddNode("ReduceSum", [values, graph.Int64Constant(prefix + "_positions_axis", 1)], null,
            OnnxAttributes.Int("keepdims", 0));                                                                   // (B, out)
    }
}
