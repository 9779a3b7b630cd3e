using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Trainers.Refinement;

/// <summary>
/// The architecture a refinement leads to: the network configuration with the new node and segment
/// counts of its high-order layers (and, as <see cref="LayerRefinement.RefineSegments"/> does, a
/// single-polynomial layer that gets segments becomes a continuous one).
/// </summary>
public static class RefinedConfig
{
    /// <summary>The refined configuration of <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">The refinement asks for something this network does not have.</exception>
    /// <exception cref="NotSupportedException">The network type has no high-order layers.</exception>
    public static NetworkConfig Of(NetworkConfig config, RefinementOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Nodes is int nodes)
        {
            foreach (var (layers, current) in NodeCounts(config).Where(entry => entry.Nodes > nodes))
            {
                throw new ArgumentException($"Refinement to n = {nodes} would lower n in the {layers} (n = {current}) and change the function. Refinement only raises n.");
            }
        }
        return config switch
        {
            HighOrderMlpConfig mlp => mlp with
            {
                InputNodes = options.Nodes ?? mlp.InputNodes,
                InputSegments = options.InputSegments ?? mlp.InputSegments,
                InputKind = KindWithSegments(mlp.InputKind, options.Nodes ?? mlp.InputNodes, options.InputSegments),
                HiddenNodes = options.Nodes ?? mlp.HiddenNodes,
                HiddenSegments = mlp.HiddenLayers > 0 ? options.Segments ?? mlp.HiddenSegments : mlp.HiddenSegments,
                HiddenKind = mlp.HiddenLayers > 0 ? KindWithSegments(mlp.HiddenKind, options.Nodes ?? mlp.HiddenNodes, options.Segments) : mlp.HiddenKind,
                OutputNodes = options.Nodes ?? mlp.OutputNodes,
                OutputSegments = options.Segments ?? mlp.OutputSegments,
                OutputKind = KindWithSegments(mlp.OutputKind, options.Nodes ?? mlp.OutputNodes, options.Segments),
            },
            HighOrderInputMlpConfig inputMlp when options.Segments is not null => throw new ArgumentException(
                $"A {inputMlp.NetworkType} network has a single high-order layer, the input layer; refine its segments with {nameof(RefinementOptions.InputSegments)} (segments of hidden layers do not apply)."),
            HighOrderInputMlpConfig inputMlp => inputMlp with
            {
                InputNodes = options.Nodes ?? inputMlp.InputNodes,
                InputSegments = options.InputSegments ?? inputMlp.InputSegments,
                InputKind = KindWithSegments(inputMlp.InputKind, options.Nodes ?? inputMlp.InputNodes, options.InputSegments),
            },
            _ => throw new NotSupportedException($"A {config.NetworkType} network has no high-order layers to refine."),
        };
    }

    private static IEnumerable<(string Layers, int Nodes)> NodeCounts(NetworkConfig config) => config switch
    {
        HighOrderMlpConfig mlp => mlp.HiddenLayers > 0
            ? [("input layer", mlp.InputNodes), ("hidden layers", mlp.HiddenNodes), ("output layer", mlp.OutputNodes)]
            : [("input layer", mlp.InputNodes), ("output layer", mlp.OutputNodes)],
        HighOrderInputMlpConfig inputMlp => [("input layer", inputMlp.InputNodes)],
        _ => [],
    };

    // Mirrors LayerRefinement.RefineSegments: a single polynomial that is split into segments becomes piecewise.
    private static LinkKind KindWithSegments(LinkKind kind, int nodes, int? segments) =>
        segments is not null && kind == LinkKind.Polynomial
            ? nodes >= 2 ? LinkKind.Continuous : LinkKind.Discontinuous
            : kind;
}
