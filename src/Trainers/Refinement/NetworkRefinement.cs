using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Refinement;

/// <summary>
/// p- and h-refinement of a whole network (the original's refinement: raise n or split segments, the
/// function preserved), so that training can continue at a higher resolution from a trained model.
/// </summary>
/// <remarks>
/// The refined network is built from <see cref="RefinedConfig.Of"/>. Every <see cref="HighOrderLayer"/> of the
/// trained network (found by module name, so any network type made of such layers works) is refined with
/// <see cref="LayerRefinement"/> (nodes first, then segments) and its weight copied into the refined network's
/// layer of the same name; every other state_dict entry (normalisations, linear layers) is copied unchanged. The
/// refinement is exact: a Lagrange link of degree n - 1 is resampled at more nodes, or each old segment's
/// polynomial at the nodes of the new segments inside it, so the refined network computes the same function up
/// to floating-point rounding.
/// </remarks>
public static class NetworkRefinement
{
    /// <summary>A refined copy of <paramref name="network"/> on the CPU in evaluation mode; the original is unchanged.</summary>
    /// <exception cref="ArgumentException">The refinement would lower n, or its segments do not nest in the old ones.</exception>
    /// <exception cref="NotSupportedException">The network has no high-order layers.</exception>
    public static LanguageNetwork Refine(LanguageNetwork network, RefinementOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkConfig target = RefinedConfig.Of(network.Config, options);
        var oldLayers = HighOrderLayers(network);
        if (oldLayers.Count == 0)
        {
            throw new NotSupportedException($"A {network.Config.NetworkType} network has no high-order layers to refine.");
        }
        LanguageNetwork refined = target.Build();
        try
        {
            var newLayers = HighOrderLayers(refined);
            using (no_grad())
            {
                foreach (var (name, layer) in oldLayers)
                {
                    HighOrderLayer destination = newLayers.GetValueOrDefault(name)
                        ?? throw new InvalidOperationException($"The refined {target.NetworkType} has no high-order layer '{name}'.");
                    using HighOrderLayer refinedLayer = RefineLayer(name, layer, destination.Config);
                    destination.Weight.copy_(refinedLayer.Weight);
                }
                CopyOtherState(network, refined, oldLayers.Keys);
            }
            refined.eval();
            return refined;
        }
        catch
        {
            refined.Dispose();
            throw;
        }
    }

    /// <summary>The network's high-order layers by module name.</summary>
    private static Dictionary<string, HighOrderLayer> HighOrderLayers(nn.Module network) =>
        network.named_modules()
            .Where(entry => entry.module is HighOrderLayer)
            .ToDictionary(entry => entry.name, entry => (HighOrderLayer)entry.module, StringComparer.Ordinal);

    /// <summary>One layer refined to <paramref name="target"/>'s nodes and segments (a new module).</summary>
    private static HighOrderLayer RefineLayer(string name, HighOrderLayer layer, HighOrderLayerConfig target)
    {
        HighOrderLayerConfig source = layer.Config;
        if (target.Nodes < source.Nodes)
        {
            throw new ArgumentException($"Layer '{name}' has n = {source.Nodes}; refinement to n = {target.Nodes} would lower it and change the function. Refinement only raises n.");
        }
        try
        {
            HighOrderLayer current = LayerRefinement.RefineNodes(layer, target.Nodes);
            if (target.IsPiecewise && (target.Segments != source.Segments || target.Kind != current.Config.Kind))
            {
                using HighOrderLayer nodesOnly = current;
                current = LayerRefinement.RefineSegments(nodesOnly, target.Segments);
            }
            if (current.Config != target)
            {
                current.Dispose();
                throw new InvalidOperationException($"Refining layer '{name}' gave {current.Config}, but the refined network expects {target}.");
            }
            return current;
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException)
        {
            string reason = error is ArgumentException { ParamName: string parameter } ? error.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal) : error.Message;
            throw new ArgumentException($"Layer '{name}': {reason}", error);
        }
    }

    /// <summary>Copies every state_dict entry outside the high-order layers (same names and shapes in both networks).</summary>
    private static void CopyOtherState(LanguageNetwork source, LanguageNetwork destination, IEnumerable<string> highOrderLayerNames)
    {
        var refinedWeights = highOrderLayerNames.Select(name => name + ".weight").ToHashSet(StringComparer.Ordinal);
        var sourceState = source.state_dict();
        foreach (var (name, tensor) in destination.state_dict())
        {
            if (refinedWeights.Contains(name))
            {
                continue;
            }
            Tensor value = sourceState.GetValueOrDefault(name)
                ?? throw new InvalidOperationException($"The trained network has no tensor '{name}' that the refined one needs.");
            if (!value.shape.SequenceEqual(tensor.shape))
            {
                throw new InvalidOperationException($"Tensor '{name}' has shape [{string.Join(", ", value.shape)}] in the trained network and [{string.Join(", ", tensor.shape)}] in the refined one.");
            }
            tensor.copy_(value);
        }
    }
}
