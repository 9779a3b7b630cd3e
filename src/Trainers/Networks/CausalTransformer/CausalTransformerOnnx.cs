using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Writes a <see cref="CausalTransformerNetwork"/> as ONNX nodes (opset 17) for windows of exactly T positions: the
/// position table and the causal mask are constants of that size, and every reshape uses a constant shape
/// (-1 for the batch), so nothing is computed from shapes at run time. Attention is written out as MatMul,
/// scale, Add of the (T, T) mask (0 on and below the diagonal, -inf above), Softmax, MatMul; GELU as its erf
/// form (ONNX has no Gelu before opset 20).
/// </summary>
public static class CausalTransformerOnnx
{
    /// <summary>Emits the network's blocks, final norm and head after the token embedding <paramref name="tokens"/>
    /// (B, T, W); returns the logits (B, T, V).</summary>
    public static string Emit(OnnxGraphBuilder graph, CausalTransformerNetwork network, string tokens)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(network);
        CausalTransformerConfig config = network.TransformerConfig;
        int positions = config.TokenCount;
        string h = network.Positions is Tensor table
            ? graph.AddNode("Add", [tokens, graph.AddInitializer("positions", TensorValues.Of(table), positions, config.Width)])   // (B, T, W)
            : tokens;
        RotaryNames? rotary = network.RotaryTables is RotaryAngles angles
            ? new RotaryNames(
                graph.AddInitializer("rotary_cos", TensorValues.Of(angles.Cos), positions, config.HeadWidth),                    // (T, d)
                graph.AddInitializer("rotary_sin", TensorValues.Of(angles.Sin), positions, config.HeadWidth))
            : null;
        string mask = CausalMask(graph, positions);
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            h = EmitBlock(graph, network.Blocks[block], h, mask, positions, $"block{block}", rotary: rotary);    // (B, T, W)
        }
        string normalized = NormalizationOnnx.Emit(graph, network.FinalNorm, h, "final_norm");
        return EmitLinear(graph, network.Head, normalized, "head");                                               // (B, T, V)
    }

    /// <summary>Emits a <see cref="TokenEmbedding"/>: a Gather from the table; returns (B, T, W).</summary>
    public static string EmitTokenTable(OnnxGraphBuilder graph, TokenEmbedding tokens, string ids, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(tokens);
        string table = graph.AddInitializer(prefix + "_weight", TensorValues.Of(tokens.Weight), tokens.Weight.shape[0], tokens.Weight.shape[1]);
        return graph.AddNode("Gather", [table, ids], null, OnnxAttributes.Int("axis", 0));                       // (B, T, W)
    }

    /// <summary>Emits a <see cref="HighOrderTokenEmbedding"/> over <paramref name="characters"/> characters (c per
    /// token); returns (B, T/c, W).</summary>
    public static string EmitHighOrderTokens(OnnxGraphBuilder graph, HighOrderTokenEmbedding tokens, int characters, string ids, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(tokens);
        int perToken = tokens.CharactersPerToken;
        string x = CharacterValueEncodingOnnx.Emit(graph, tokens.Encoding.VocabularySize, ids, prefix + "_encoding");   // (B, T)
        string rows = graph.AddNode("Reshape", [x, graph.Int64Constant(prefix + "_token_shape", -1, perToken)]);          // (B·T/c, c)
        string embedded = HighOrderLayerOnnx.Emit(graph, tokens.Layer, rows, prefix + "_layer");                          // (B·T/c, W)
        return graph.AddNode("Reshape", [embedded, graph.Int64Constant(prefix + "_shape", -1, characters / perToken, tokens.Layer.Config.OutFeatures)]); // (B, T/c, W)
    }

    internal static string EmitBlock(OnnxGraphBuilder graph, TransformerBlock block, string x, string? mask, int positions, string prefix, StepCache? cache = null, RotaryNames? rotary = null)
    {
        string attended = EmitAttention(graph, block.Attention, NormalizationOnnx.Emit(graph, block.AttentionNorm, x, prefix + "_attention_norm"), mask, positions, prefix + "_attention", cache, rotary);
        string h = graph.AddNode("Add", [x, attended]);                                                           // (B, T, W)
        string fed = EmitFeedForward(graph, block.FeedForward, NormalizationOnnx.Emit(graph, block.FeedForwardNorm, h, prefix + "_feed_forward_norm"), positions, prefix + "_feed_forward");
        return graph.AddNode("Add", [h, fed]);                                                                    // (B, T, W)
    }

    /// <summary>A decoding step's cache of one block: the past keys and values (B, H, L, d) it reads and the names
    /// under which it writes them with the new position appended (B, H, L + 1, d).</summary>
    internal sealed record StepCache(string PastKeys, string PastValues, string PresentKeys, string PresentValues);

    /// <summary>The rotary cos and sin of the graph's positions, (T, d) or (1, d) for a step.</summary>
    internal sealed record RotaryNames(string Cos, string Sin);

    // Without a cache: T positions attending causally (the mask). With one: one new position attending to the
    // past positions and itself (no mask needed).
    private static string EmitAttention(OnnxGraphBuilder graph, CausalSelfAttention attention, string x, string? mask, int positions, string prefix, StepCache? cache, RotaryNames? rotary)
    {
        int width = (int)attention.Output.weight!.shape[0];
        int heads = attention.Heads;
        int headWidth = width / heads;
        string headShape = graph.Int64Constant(prefix + "_head_shape", -1, positions, heads, headWidth);
        string Split(nn.Module<Tensor, Tensor> projection, string name, string? output = null) => graph.AddNode("Transpose",
            [graph.AddNode("Reshape", [EmitProjection(graph, projection, x, positions, $"{prefix}_{name}"), headShape])],
            output, OnnxAttributes.Ints("perm", [0, 2, 1, 3]));
        string q = Split(attention.Query, "query");                                                               // (B, H, T, d)
        string k = Split(attention.Key, "key");                                                                   // (B, H, T, d)
        string v = Split(attention.Value, "value");                                                               // (B, H, T, d)
        if (rotary is not null)
        {
            q = EmitRotation(graph, q, rotary, headWidth, prefix + "_query_rotation");                            // (B, H, T, d)
            k = EmitRotation(graph, k, rotary, headWidth, prefix + "_key_rotation");
        }
        if (cache is not null)
        {
            k = graph.AddNode("Concat", [cache.PastKeys, k], cache.PresentKeys, OnnxAttributes.Int("axis", 2));   // (B, H, L + 1, d)
            v = graph.AddNode("Concat", [cache.PastValues, v], cache.PresentValues, OnnxAttributes.Int("axis", 2));
        }
        string keysT = graph.AddNode("Transpose", [k], null, OnnxAttributes.Ints("perm", [0, 1, 3, 2]));         // (B, H, d, L)
        string scores = graph.AddNode("Mul", [graph.AddNode("MatMul", [q, keysT]), graph.FloatScalar(prefix + "_scale", (float)(1.0 / Math.Sqrt(headWidth)))]);
        string masked = mask is null ? scores : graph.AddNode("Add", [scores, mask]);
        string weights = graph.AddNode("Softmax", [masked], null, OnnxAttributes.Int("axis", -1));               // (B, H, T, L)
        string y = graph.AddNode("Transpose", [graph.AddNode("MatMul", [weights, v])], null, OnnxAttributes.Ints("perm", [0, 2, 1, 3])); // (B, T, H, d)
        string merged = graph.AddNode("Reshape", [y, graph.Int64Constant(prefix + "_merged_shape", -1, positions, width)]);              // (B, T, W)
        return EmitLinear(graph, attention.Output, merged, prefix + "_output");
    }

    // x·cos + [-x₂, x₁]·sin over the last axis (RotaryAngles.Rotate), with constant slices.
    private static string EmitRotation(OnnxGraphBuilder graph, string x, RotaryNames rotary, int headWidth, string prefix)
    {
        int half = headWidth / 2;
        string axis = graph.Int64Constant(prefix + "_axis", 3);
        string first = graph.AddNode("Slice", [x, graph.Int64Constant(prefix + "_first_start", 0), graph.Int64Constant(prefix + "_first_end", half), axis]);
        string second = graph.AddNode("Slice", [x, graph.Int64Constant(prefix + "_second_start", half), graph.Int64Constant(prefix + "_second_end", headWidth), axis]);
        string rotated = graph.AddNode("Concat", [graph.AddNode("Neg", [second]), first], null, OnnxAttributes.Int("axis", 3));
        return graph.AddNode("Add", [graph.AddNode("Mul", [x, rotary.Cos]), graph.AddNode("Mul", [rotated, rotary.Sin])]);
    }

    private static string EmitFeedForward(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> feedForward, string x, int positions, string prefix) => feedForward switch
    {
        GeluFeedForward gelu => EmitLinear(graph, gelu.Contract, EmitGelu(graph, EmitLinear(graph, gelu.Expand, x, prefix + "_expand"), prefix), prefix + "_contract"),
        HighOrderFeedForward highOrder => EmitHighOrder(graph, highOrder.Contract,
            NormalizationOnnx.Emit(graph, highOrder.Norm, EmitHighOrder(graph, highOrder.Expand, x, positions, prefix + "_expand"), prefix + "_norm"),
            positions, prefix + "_contract"),
        _ => throw new NotSupportedException($"Feed-forward module {feedForward.GetType().Name} has no ONNX form."),
    };

    private static string EmitProjection(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> projection, string x, int positions, string prefix) => projection switch
    {
        Linear linear => EmitLinear(graph, linear, x, prefix),
        HighOrderLayer layer => EmitHighOrder(graph, layer, x, positions, prefix),
        _ => throw new NotSupportedException($"Projection module {projection.GetType().Name} has no ONNX form."),
    };

    // The layer's emitter reads (rows, in): flatten the positions into the rows and back.
    private static string EmitHighOrder(OnnxGraphBuilder graph, HighOrderLayer layer, string x, int positions, string prefix)
    {
        string rows = graph.AddNode("Reshape", [x, graph.Int64Constant(prefix + "_rows_shape", -1, layer.Config.InFeatures)]);   // (B·T, in)
        string y = HighOrderLayerOnnx.Emit(graph, layer, rows, prefix);                                                            // (B·T, out)
        return graph.AddNode("Reshape", [y, graph.Int64Constant(prefix + "_shape", -1, positions, layer.Config.OutFeatures)]);   // (B, T, out)
    }

    // y = x Wᵀ + b, Wᵀ stored as the (in, out) initializer of a MatMul (broadcast over the leading axes).
    internal static string EmitLinear(OnnxGraphBuilder graph, Linear linear, string x, string prefix)
    {
        using var transposed = linear.weight!.detach().t();
        string weight = graph.AddInitializer(prefix + "_weight", TensorValues.Of(transposed), transposed.shape[0], transposed.shape[1]);
        string bias = graph.AddInitializer(prefix + "_bias", TensorValues.Of(linear.bias!), linear.bias!.shape[0]);
        return graph.AddNode("Add", [graph.AddNode("MatMul", [x, weight]), bias]);
    }

    // gelu(x) = x/2 · (1 + erf(x/√2)), the exact form TorchSharp's gelu computes.
    private static string EmitGelu(OnnxGraphBuilder graph, string x, string prefix)
    {
        string erf = graph.AddNode("Erf", [graph.AddNode("Mul", [x, graph.FloatScalar(prefix + "_inverse_sqrt2", (float)(1.0 / Math.Sqrt(2.0)))])]);
        string onePlus = graph.AddNode("Add", [erf, graph.FloatScalar(prefix + "_one", 1f)]);
        return graph.AddNode("Mul", [graph.AddNode("Mul", [x, onePlus]), graph.FloatScalar(prefix + "_half", 0.5f)]);
    }

    // (T, T): 0 where key position <= query position, -inf after it.
    private static string CausalMask(OnnxGraphBuilder graph, int positions)
    {
        var mask = new float[positions * positions];
        for (int query = 0; query < positions; query++)
        {
            for (int key = query + 1; key < positions; key++)
            {
                mask[query * positions + key] = float.NegativeInfinity;
            }
        }
        return graph.AddInitializer("causal_mask", mask, positions, positions);
    }
}
