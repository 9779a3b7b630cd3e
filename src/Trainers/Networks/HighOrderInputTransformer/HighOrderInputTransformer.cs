using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The causal transformer with a high-order token embedding (see <see cref="HighOrderInputTransformerConfig"/>).</summary>
public sealed class HighOrderInputTransformer : CausalTransformerNetwork
{
    /// <summary>Builds the network with weights drawn from <paramref name="generator"/>.</summary>
    public HighOrderInputTransformer(HighOrderInputTransformerConfig config, Generator? generator = null)
        : base(HighOrderInputTransformerConfig.TypeName, config, CreateTokens(config, generator), CreateBlocks(config, generator), generator)
    {
    }

    /// <summary>The high-order token embedding.</summary>
    public HighOrderTokenEmbedding TokenEmbedding => (HighOrderTokenEmbedding)Tokens;

    private static HighOrderTokenEmbedding CreateTokens(HighOrderInputTransformerConfig config, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HighOrderTokenEmbedding("tokens", config.VocabularySize, config.EmbeddingLayer(), generator);
    }

    private static List<TransformerBlock> CreateBlocks(HighOrderInputTransformerConfig config, Generator? generator)
    {
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
