using System.Globalization;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Trainers.Layers;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Writes the decoding-step graph of a <see cref="CausalTransformerNetwork"/>: one new character per row at
/// position <see cref="Position"/>, with every block's past keys and values as inputs and the same with the new
/// position appended as outputs, and the next-character probabilities. The ONNX twin of
/// <see cref="CausalTransformerNetwork.Decode"/> for one character: a cache of L positions costs one position of
/// work plus attention over L + 1, with no shape computed at run time (opset 17).
/// </summary>
/// <remarks>
/// Inputs: <c>CharacterIds</c> int64 [batch, 1] (inside the vocabulary), <c>Position</c> int64 [1] (the number of
/// cached positions, below the window size), <c>past_keys_b</c> / <c>past_values_b</c> float [batch, heads, past,
/// head width] for every block b (past may be 0). Outputs: <c>Score</c> float [batch, V] (softmax) and
/// <c>present_keys_b</c> / <c>present_values_b</c> [batch, heads, past + 1, head width]. The metadata carries the
/// window size, blocks, heads and head width.
/// </remarks>
public static class CausalTransformerStepOnnx
{
    /// <summary>The new characters' ids input.</summary>
    public const string CharacterIds = DecodingStepContract.CharacterIds;

    /// <summary>The position input.</summary>
    public const string Position = DecodingStepContract.Position;

    /// <summary>The probabilities output.</summary>
    public const string Score = DecodingStepContract.Score;

    /// <summary>Metadata key of the window size (the most positions a cache may hold).</summary>
    public const string WindowSizeKey = LanguageInterpolation.Trainers.Onnx.OnnxNames.WindowSizeKey;

    /// <summary>Metadata key of the number of blocks.</summary>
    public const string BlocksKey = "li.blocks";

    /// <summary>Metadata key of the number of heads.</summary>
    public const string HeadsKey = "li.heads";

    /// <summary>Metadata key of the head width.</summary>
    public const string HeadWidthKey = "li.head_width";

    /// <summary>Past keys input of a block.</summary>
    public static string PastKeys(int block) => $"{DecodingStepContract.StateInputPrefix}keys_{block}";

    /// <summary>Past values input of a block.</summary>
    public static string PastValues(int block) => $"{DecodingStepContract.StateInputPrefix}values_{block}";

    /// <summary>Present keys output of a block.</summary>
    public static string PresentKeys(int block) => $"{DecodingStepContract.StateOutputPrefix}keys_{block}";

    /// <summary>Present values output of a block.</summary>
    public static string PresentValues(int block) => $"{DecodingStepContract.StateOutputPrefix}values_{block}";

    /// <summary>Builds the step model, with <paramref name="metadata"/> (vocabulary, training summary...) added to
    /// its properties.</summary>
    public static ModelProto Export(CausalTransformerNetwork network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.CanDecodeIncrementally)
        {
            throw new NotSupportedException($"A {network.Config.NetworkType} with {network.TransformerConfig.CharactersPerToken} characters per token has no decoding-step graph.");
        }
        CausalTransformerConfig config = network.TransformerConfig;
        var graph = new OnnxGraphBuilder(config.NetworkType + "_step");
        string ids = graph.AddInput(CharacterIds, DataType.Int64, "batch", 1L);
        string position = graph.AddInput(Position, DataType.Int64, 1L);
        string tokens = network.Tokens switch
        {
            TokenEmbedding lookup => CausalTransformerOnnx.EmitTokenTable(graph, lookup, ids, "tokens"),
            HighOrderTokenEmbedding highOrder => CausalTransformerOnnx.EmitHighOrderTokens(graph, highOrder, 1, ids, "tokens"),
            _ => throw new NotSupportedException($"Token embedding {network.Tokens.GetType().Name} has no ONNX form."),
        };                                                                                                          // (B, 1, W)
        string Row(string table) => graph.AddNode("Gather", [table, position], null, OnnxAttributes.Int("axis", 0));   // (1, ·)
        string h = network.Positions is TorchSharp.torch.Tensor positions
            ? graph.AddNode("Add", [tokens, Row(graph.AddInitializer("positions", TensorValues.Of(positions), config.TokenCount, config.Width))]) // (B, 1, W)
            : tokens;
        CausalTransformerOnnx.RotaryNames? rotary = network.RotaryTables is RotaryAngles angles
            ? new CausalTransformerOnnx.RotaryNames(
                Row(graph.AddInitializer("rotary_cos", TensorValues.Of(angles.Cos), config.TokenCount, config.HeadWidth)),             // (1, d)
                Row(graph.AddInitializer("rotary_sin", TensorValues.Of(angles.Sin), config.TokenCount, config.HeadWidth)))
            : null;
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            graph.AddInput(PastKeys(block), DataType.Float, "batch", (long)config.Heads, "past", (long)config.HeadWidth);
            graph.AddInput(PastValues(block), DataType.Float, "batch", (long)config.Heads, "past", (long)config.HeadWidth);
            var cache = new CausalTransformerOnnx.StepCache(PastKeys(block), PastValues(block), PresentKeys(block), PresentValues(block));
            h = CausalTransformerOnnx.EmitBlock(graph, network.Blocks[block], h, mask: null, positions: 1, $"block{block}", cache, rotary);   // (B, 1, W)
        }
        string logits = CausalTransformerOnnx.EmitLinear(graph, network.Head, NormalizationOnnx.Emit(graph, network.FinalNorm, h, "final_norm"), "head"); // (B, 1, V)
        string flat = graph.AddNode("Reshape", [logits, graph.Int64Constant("logits_shape", -1, config.VocabularySize)]);                      // (B, V)
        graph.AddNode("Softmax", [flat], Score, OnnxAttributes.Int("axis", -1));
        graph.AddOutput(Score, DataType.Float, "batch", (long)config.VocabularySize);
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            graph.AddOutput(PresentKeys(block), DataType.Float, "batch", (long)config.Heads, "present", (long)config.HeadWidth);
            graph.AddOutput(PresentValues(block), DataType.Float, "batch", (long)config.Heads, "present", (long)config.HeadWidth);
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DecodingStepContract.GraphKey] = DecodingStepContract.GraphKind,
            [DecodingStepContract.CapacityKey] = config.WindowSize.ToString(CultureInfo.InvariantCulture),
            [WindowSizeKey] = config.WindowSize.ToString(CultureInfo.InvariantCulture),
            [BlocksKey] = config.Blocks.ToString(CultureInfo.InvariantCulture),
            [HeadsKey] = config.Heads.ToString(CultureInfo.InvariantCulture),
            [HeadWidthKey] = config.HeadWidth.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }
        return graph.Build(properties);
    }
}
