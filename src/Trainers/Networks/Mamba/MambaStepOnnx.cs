using System.Globalization;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Writes the generation-step graph of a <see cref="MambaNetwork"/>: one new character per row with every block's
/// state as inputs, the next-character probabilities and every block's state after the character as outputs. The
/// ONNX twin of <see cref="MambaNetwork.Decode"/> for one character; its cost does not depend on how much text the
/// state has read. No shape is computed at run time (opset 17).
/// </summary>
/// <remarks>
/// Inputs: <c>CharacterIds</c> int64 [batch, 1] (inside the vocabulary), <c>convolution_inputs_b</c> float
/// [batch, D, K - 1] and <c>states_b</c> float [batch, D, N] for every block b (zeros before the first character).
/// Outputs: <c>Score</c> float [batch, V] (softmax), <c>next_convolution_inputs_b</c> and <c>next_states_b</c> of the
/// same shapes. A state of another shape is refused by ONNX Runtime with an error naming the input. The metadata
/// carries the window size (the context the network was trained on), blocks, inner width D, kernel K and state
/// size N.
/// </remarks>
public static class MambaStepOnnx
{
    /// <summary>The new characters' ids input.</summary>
    public const string CharacterIds = DecodingStepContract.CharacterIds;

    /// <summary>The probabilities output.</summary>
    public const string Score = DecodingStepContract.Score;

    /// <summary>Metadata key of the window size.</summary>
    public const string WindowSizeKey = LanguageInterpolation.Trainers.Onnx.OnnxNames.WindowSizeKey;

    /// <summary>Metadata key of the number of blocks.</summary>
    public const string BlocksKey = "li.blocks";

    /// <summary>Metadata key of the inner width D.</summary>
    public const string InnerWidthKey = "li.inner_width";

    /// <summary>Metadata key of the convolution kernel K.</summary>
    public const string ConvolutionKernelKey = "li.convolution_kernel";

    /// <summary>Metadata key of the state size N.</summary>
    public const string StateSizeKey = "li.state_size";

    /// <summary>A block's convolution-inputs input.</summary>
    public static string ConvolutionInputs(int block) => $"{DecodingStepContract.StateInputPrefix}convolution_inputs_{block}";

    /// <summary>A block's state input.</summary>
    public static string States(int block) => $"{DecodingStepContract.StateInputPrefix}states_{block}";

    /// <summary>A block's convolution-inputs output.</summary>
    public static string NextConvolutionInputs(int block) => $"{DecodingStepContract.StateOutputPrefix}convolution_inputs_{block}";

    /// <summary>A block's state output.</summary>
    public static string NextStates(int block) => $"{DecodingStepContract.StateOutputPrefix}states_{block}";

    /// <summary>Builds the step model (<see cref="DecodingStepContract"/>: past_/present_ states, no position, no
    /// capacity limit), with <paramref name="metadata"/> added to its properties.</summary>
    public static ModelProto Export(MambaNetwork network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        MambaNetworkConfig config = network.MambaConfig;
        var graph = new OnnxGraphBuilder(config.NetworkType + "_step");
        string ids = graph.AddInput(CharacterIds, DataType.Int64, "batch", 1L);
        string h = MambaOnnx.EmitEmbedding(graph, network, ids);                                                   // (B, 1, W)
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            graph.AddInput(ConvolutionInputs(block), DataType.Float, "batch", (long)config.InnerWidth, (long)config.ConvolutionKernel - 1);
            graph.AddInput(States(block), DataType.Float, "batch", (long)config.InnerWidth, (long)config.StateSize);
            var state = new MambaOnnx.StepState(ConvolutionInputs(block), States(block), NextConvolutionInputs(block), NextStates(block));
            h = MambaOnnx.EmitBlock(graph, network.Blocks[block], h, positions: 1, $"block{block}", state);        // (B, 1, W)
        }
        string logits = graph.AddNode("Reshape", [MambaOnnx.EmitHead(graph, network, h), graph.Int64Constant("logits_shape", -1, config.VocabularySize)]);   // (B, V)
        graph.AddNode("Softmax", [logits], Score, OnnxAttributes.Int("axis", -1));
        graph.AddOutput(Score, DataType.Float, "batch", (long)config.VocabularySize);
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            graph.AddOutput(NextConvolutionInputs(block), DataType.Float, "batch", (long)config.InnerWidth, (long)config.ConvolutionKernel - 1);
            graph.AddOutput(NextStates(block), DataType.Float, "batch", (long)config.InnerWidth, (long)config.StateSize);
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DecodingStepContract.GraphKey] = DecodingStepContract.GraphKind,
            [DecodingStepContract.CapacityKey] = config.WindowSize.ToString(CultureInfo.InvariantCulture),   // restart after the trained context
            [WindowSizeKey] = config.WindowSize.ToString(CultureInfo.InvariantCulture),
            [BlocksKey] = network.Blocks.Count.ToString(CultureInfo.InvariantCulture),
            [InnerWidthKey] = config.InnerWidth.ToString(CultureInfo.InvariantCulture),
            [ConvolutionKernelKey] = config.ConvolutionKernel.ToString(CultureInfo.InvariantCulture),
            [StateSizeKey] = config.StateSize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }
        return graph.Build(properties);
    }
}
