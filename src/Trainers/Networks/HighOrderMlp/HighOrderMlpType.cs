using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order MLP and writes it as ONNX: encoding and input layer (a table lookup, see CharacterInputLayerOnnx), [norm, hidden (+ residual)], norm, output layer.</summary>
public sealed class HighOrderMlpType : NetworkType<HighOrderMlpConfig, HighOrderMlp>
{
    /// <inheritdoc />
    /// <remarks>Layer kinds other than the summing layer (product links, product and switch layers) came after
    /// format 1.</remarks>
    public override int CardFormat(NetworkConfig config) =>
        config is HighOrderMlpConfig { InputLayerKind: LayerKind.Sum, HiddenLayerKind: LayerKind.Sum, OutputLayerKind: LayerKind.Sum } ? 1 : 2;

    /// <inheritdoc />
    public override string Name => HighOrderMlpConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "High-order MLP: piecewise-polynomial input, hidden and output layers with a normalisation between them.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderMlp network, string ids)
    {
        string h = CharacterInputLayerOnnx.Emit(graph, network.Encoding, network.InputLayer, ids, "input");    // (B, width)
        for (int layer = 0; layer < network.HiddenLayers.Count; layer++)
        {
            string normalized = NormalizationOnnx.Emit(graph, network.NormalizationsBeforeHidden[layer], h, $"norm{layer}");
            string f = FullyConnectedLayersOnnx.Emit(graph, network.HiddenLayers[layer], normalized, $"hidden{layer}");
            h = network.Residual ? graph.AddNode("Add", [h, f]) : f;
        }
        string last = NormalizationOnnx.Emit(graph, network.NormalizationBeforeOutput, h, $"norm{network.HiddenLayers.Count}");
        return FullyConnectedLayersOnnx.Emit(graph, network.OutputLayer, last, "output");                       // (B, V)
    }

    /// <inheritdoc />
    public override NetworkConfig Refined(NetworkConfig config, int? nodes, int? segments, int? inputSegments)
    {
        var mlp = (HighOrderMlpConfig)config;
        return mlp with
        {
            InputNodes = nodes ?? mlp.InputNodes,
            InputSegments = inputSegments ?? mlp.InputSegments,
            InputKind = LayerRefinement.KindAfterSplit(mlp.InputKind, nodes ?? mlp.InputNodes, inputSegments),
            HiddenNodes = nodes ?? mlp.HiddenNodes,
            HiddenSegments = mlp.HiddenLayers > 0 ? segments ?? mlp.HiddenSegments : mlp.HiddenSegments,
            HiddenKind = mlp.HiddenLayers > 0 ? LayerRefinement.KindAfterSplit(mlp.HiddenKind, nodes ?? mlp.HiddenNodes, segments) : mlp.HiddenKind,
            OutputNodes = nodes ?? mlp.OutputNodes,
            OutputSegments = segments ?? mlp.OutputSegments,
            OutputKind = LayerRefinement.KindAfterSplit(mlp.OutputKind, nodes ?? mlp.OutputNodes, segments),
        };
    }

    /// <inheritdoc />
    public override IEnumerable<(string Layers, int Nodes)> NodeCounts(NetworkConfig config)
    {
        var mlp = (HighOrderMlpConfig)config;
        return mlp.HiddenLayers > 0
            ? [("input layer", mlp.InputNodes), ("hidden layers", mlp.HiddenNodes), ("output layer", mlp.OutputNodes)]
            : [("input layer", mlp.InputNodes), ("output layer", mlp.OutputNodes)];
    }
}
