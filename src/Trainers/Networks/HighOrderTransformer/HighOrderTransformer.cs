using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The high-order causal transformer (see <see cref="HighOrderTransformerConfig"/>).</summary>
public sealed class HighOrderTransformer : CausalTransformerNetwork
{
    /// <summary>Builds the network with weights drawn from <paramref name="generator"/>.</summary>
    public HighOrderTransformer(HighOrderTransformerConfig config, Generator? generator = null)
        : base(HighOrderTransformerConfig.TypeName, config, CreateTokens(config, generator), CreateBlocks(config, generator), generator)
    {
    }

    /// <summary>The high-order token embedding.</summary>
    public HighOrderTokenEmbedding TokenEmbedding => (HighOrderTokenEmbedding)Tokens;

    private static HighOrderTokenEmbedding CreateTokens(HighOrderTransformerConfig config, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HighOrderTokenEmbedding("tokens", config.VocabularySize, config.EmbeddingLayer(), generator);
    }

    private static List<TransformerBlock> CreateBlocks(HighOrderTransformerConfig config, Generator? generator)
    {
        int width = config.Width;
        var blocks = new List<TransformerBlock>(config.Blocks);
        for (int block = 0; block < config.Blocks; block++)
        {
            var attention = new CausalSelfAttention("attention", config.Heads,
                new HighOrderLayer("query", config.BlockLayer(width, width), generator),
                new HighOrderLayer("key", config.BlockLayer(width, width), generator),
                new HighOrderLayer("value", config.BlockLayer(width, width), generator),
                LowOrderMlp.CreateLinear(width, width, generator));
            var feedForward = new HighOrderFeedForward("feed_forward",
                config.BlockLayer(width, config.FeedForwardWidth), config.BlockLayer(config.FeedForwardWidth, width), generator);
            blocks.Add(new TransformerBlock($"block{block}", width, attention, feedForward));
        }
        return blocks;
    }
}
