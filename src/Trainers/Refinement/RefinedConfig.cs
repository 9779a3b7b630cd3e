using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Trainers.Refinement;

/// <summary>
/// The architecture a refinement leads to: the network configuration with the new node and segment
/// counts of its high-order layers, as its <see cref="NetworkType"/> defines them (and, as
/// <see cref="LayerRefinement.RefineSegments"/> does, a single-polynomial layer that gets segments becomes
/// piecewise).
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
        NetworkType type = NetworkRegistry.Of(config);
        if (options.Nodes is int nodes)
        {
            foreach (var (layers, current) in type.NodeCounts(config).Where(entry => entry.Nodes > nodes))
            {
                throw new ArgumentException($"Refinement to n = {nodes} would lower n in the {layers} (n = {current}) and change the function. Refinement only raises n.");
            }
        }
        return type.Refined(config, options.Nodes, options.Segments, options.InputSegments);
    }
}
