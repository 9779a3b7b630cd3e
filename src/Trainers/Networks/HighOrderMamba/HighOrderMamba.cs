using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The high-order Mamba (see <see cref="HighOrderMambaConfig"/>): residual blocks whose four projections are
/// <see cref="HighOrderProjection"/>s.</summary>
public sealed class HighOrderMamba : MambaNetwork
{
    /// <summary>Builds the network with weights drawn from <paramref name="generator"/>.</summary>
    public HighOrderMamba(HighOrderMambaConfig config, Generator? generator = null)
        : base(HighOrderMambaConfig.TypeName, config, CreateBlocks(config, generator), generator)
    {
    }

    private static IEnumerable<MambaBlock> CreateBlocks(HighOrderMambaConfig config, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        int inner = config.InnerWidth;
        int rank = config.ResolvedDeltaRank;
        HighOrderProjection Projection(string name, int inputs, int outputs) => new(name,
            Enumerable.Range(0, config.ProjectionLayers).Select(layer => config.ProjectionLayer(layer == 0 ? inputs : outputs, outputs)),
            config.SquashInputs, generator);
        var blocks = new List<MambaBlock>(config.Blocks);
        for (int block = 0; block < config.Blocks; block++)
        {
            blocks.Add(new MambaBlock($"block{block}", config,
                Projection("in_projection", config.Width, 2 * inner),
                Projection("selection_projection", inner, rank + 2 * config.StateSize),
                Projection("delta_projection", rank, inner),
                Projection("out_projection", inner, config.Width),
                generator));
        }
        return blocks;
    }
}
