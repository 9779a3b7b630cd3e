using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order input MLP and writes it as ONNX: encoding, input layer, norm, ReLU MLP.</summary>
public sealed class HighOrderInputMlpType : NetworkType<HighOrderInputMlpConfig, HighOrderInputMlp>
{
    /// <inheritdoc />
    public override int CardFormat(NetworkConfig config) => 1;

    /// <inheritdoc />
    public override string Name => HighOrderInputMlpConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "One high-order input layer, a normalisation and a ReLU MLP (the original's high_order_input).";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderInputMlp network, string ids)
    {
        string h = CharacterInputLayerOnnx.Emit(graph, network.Encoding, network.InputLayer, ids, "input"); // (B, width)
        return LowOrderMlpOnnx.Emit(graph, network.Mlp, NormalizationOnnx.Emit(graph, network.Normalization, h, "norm"), "mlp"); // (B, V)
    }

    /// <inheritdoc />
    public override NetworkConfig Refined(NetworkConfig config, int? nodes, int? segments, int? inputSegments)
    {
        var inputMlp = (HighOrderInputMlpConfig)config;
        if (segments is not null)
        {
            throw new ArgumentException($"A {Name} network has a single high-order layer, the input layer; refine its segments with InputSegments (--input-segments; segments of hidden layers do not apply).");
        }
        return inputMlp with
        {
            InputNodes = nodes ?? inputMlp.InputNodes,
            InputSegments = inputSegments ?? inputMlp.InputSegments,
            InputKind = LayerRefinement.KindAfterSplit(inputMlp.InputKind, nodes ?? inputMlp.InputNodes, inputSegments),
        };
    }

    /// <inheritdoc />
    public override IEnumerable<(string Layers, int Nodes)> NodeCounts(NetworkConfig config) => [("input layer", ((HighOrderInputMlpConfig)config).InputNodes)];
}
