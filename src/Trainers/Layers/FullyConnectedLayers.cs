using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Builds the fully connected layer of a <see cref="LayerKind"/> from one <see cref="HighOrderLayerConfig"/>
/// (the role's shape and link options), and counts its parameters, so a network config needs one field per role to
/// offer every kind.</summary>
public static class FullyConnectedLayers
{
    /// <summary>A new layer of the given kind.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="kind">Which layer.</param>
    /// <param name="links">Shape and link options (the product layer uses only the shape and
    /// <see cref="HighOrderLayerConfig.ProductAlpha"/>).</param>
    /// <param name="switchBranches">Branches of a <see cref="LayerKind.Switch"/> layer.</param>
    /// <param name="generator">Random generator for the initialisation; the global one when null.</param>
    /// <returns>A module mapping (B, in) to (B, out).</returns>
    public static nn.Module<Tensor, Tensor> Create(string name, LayerKind kind, HighOrderLayerConfig links, int switchBranches, Generator? generator) => kind switch
    {
        LayerKind.Sum => new HighOrderLayer(name, links with { Combination = LinkCombination.Sum }, generator),
        LayerKind.LinkProduct => new HighOrderLayer(name, links with { Combination = LinkCombination.Product }, generator),
        LayerKind.Product => new ProductLayer(name, ProductConfig(links), generator),
        LayerKind.Switch => new SwitchLayer(name, links with { Combination = LinkCombination.Sum }, switchBranches, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown {nameof(LayerKind)}."),
    };

    /// <summary>The number of parameters of <see cref="Create"/>'s layer.</summary>
    public static long ParameterCount(LayerKind kind, HighOrderLayerConfig links, int switchBranches)
    {
        ArgumentNullException.ThrowIfNull(links);
        return kind switch
        {
            LayerKind.Product => ProductConfig(links).ParameterCount,
            LayerKind.Switch => SwitchLayer.ParameterCount(links, switchBranches),
            _ => links.ParameterCount,
        };
    }

    /// <summary>The problems of a layer of this kind (the product layer ignores the link options), empty when valid.</summary>
    public static IEnumerable<string> Problems(LayerKind kind, HighOrderLayerConfig links, int switchBranches)
    {
        ArgumentNullException.ThrowIfNull(links);
        var problems = new List<string>();
        if (!Enum.IsDefined(kind))
        {
            problems.Add($"{nameof(LayerKind)} is not defined: {(int)kind}");
            return problems;
        }
        if (kind == LayerKind.Switch && switchBranches < 1)
        {
            problems.Add($"a switch layer needs at least 1 branch, got {switchBranches}");
        }
        try
        {
            if (kind == LayerKind.Product)
            {
                ProductConfig(links).Validate();
            }
            else
            {
                links.Validate();
            }
        }
        catch (ArgumentException error)
        {
            problems.Add(error.Message.TrimEnd('.'));
        }
        return problems;
    }

    private static ProductLayerConfig ProductConfig(HighOrderLayerConfig links) =>
        new() { InFeatures = links.InFeatures, OutFeatures = links.OutFeatures, Alpha = links.ProductAlpha };
}
