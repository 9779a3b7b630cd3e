using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the tail-focus network and writes it as ONNX: encoding, convolution stack, a constant Slice of
/// each level's tail, Concat, Linear.</summary>
public sealed class TailFocusType : NetworkType<TailFocusConfig, TailFocus>
{
    /// <inheritdoc />
    public override string Name => TailFocusConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Tail-focus network: high-order 1-D convolutions; the last few positions of every level and the whole last level feed a Linear output.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, TailFocus network, string ids)
    {
        var config = (TailFocusConfig)network.Config;
        string x = CharacterValueEncodingOnnx.Emit(graph, config.VocabularySize, ids, "encoding");                // (B, T)
        string window = graph.AddNode("Unsqueeze", [x, graph.Int64Constant("channel_axis", 1)]);                  // (B, 1, T)
        List<(string Name, int Length)> levels = [(window, config.WindowSize), .. HighOrderConvolutionStackOnnx.Emit(graph, network.Stack, window, config.WindowSize, "stack")];
        int[] channels = config.LevelChannels();
        var parts = new List<string>();
        for (int level = 0; level < config.Focus.Length; level++)
        {
            int focus = config.Focus[level];
            if (focus > 0)
            {
                int length = levels[level].Length;
                string tail = graph.AddNode("Slice", [levels[level].Name, graph.Int64Constant($"tail{level}_start", length - focus),
                    graph.Int64Constant($"tail{level}_end", length), graph.Int64Constant($"tail{level}_axis", 2)]);        // (B, C_i, f_i)
                parts.Add(graph.AddNode("Reshape", [tail, graph.Int64Constant($"tail{level}_shape", -1, channels[level] * focus)])); // (B, C_i · f_i)
            }
        }
        parts.Add(graph.AddNode("Reshape", [levels[^1].Name, graph.Int64Constant("last_level_shape", -1, config.Channels[^1] * levels[^1].Length)]));
        string features = parts.Count == 1 ? parts[0] : graph.AddNode("Concat", [.. parts], null, OnnxAttributes.Int("axis", 1)); // (B, F)
        return LowOrderMlpOnnx.EmitLinear(graph, network.OutputLayer, features, "output");                          // (B, V)
    }
}
