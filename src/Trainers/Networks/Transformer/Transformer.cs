using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The low-order causal transformer (see <see cref="TransformerConfig"/>): token table, linear q/k/v, GELU feed-forward.</summary>
public sealed class Transformer : CausalTransformerNetwork
{
    /// <summary>Builds the network with weights drawn from <paramref name="generator"/>.</summary>
    public Transformer(TransformerConfig config, Generator? generator = null)
        : base(Networks.TransformerConfig.TypeName, config, new TokenEmbedding("tokens", config.VocabularySize, config.Width, generator), CreateBlocks(config, generator), generator)
    {
    }

    private static IEnumerable<TransformerBlock> CreateBlocks(TransformerConfig config, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        var blocks = new List<TransformerBlock>(config.Blocks);
        for (int block = 0; block < config.Blocks; block++)
        {
            var attention = new CausalSelfAttention("attention", config.Heads,
                LowOrderMlp.CreateLinear(config.Width, config.Width, generator),
                LowOrderMlp.CreateLinear(config.Width, config.Width, generator),
                LowOrderMlp.CreateLinear(config.Width, config.Width, generator),
                LowOrderMlp.CreateLinear(config.Width, config.Width, generator));
            var feedForward = new GeluFeedForward("feed_forward", config.Width, config.FeedForwardWidth, generator);
            blocks.Add(new TransformerBlock($"block{block}", config.Width, attention, feedForward));
        }
        return blocks;
    }
}
