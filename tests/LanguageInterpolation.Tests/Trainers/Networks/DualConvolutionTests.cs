using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Presets;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class DualConvolutionTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(7, 3)]
    [InlineData(16, 4)]
    [InlineData(17, 5)]
    public void Depth_IsCeilLog2OfTheWindow(int window, int depth) =>
        Assert.Equal(depth, ((DualConvolutionConfig)new DualConvolutionConfig().WithShape(window, 5)).Depth);

    [Theory]
    [InlineData(5, 0)]
    [InlineData(8, 1)]
    [InlineData(3, 2)]
    public void Forward_EqualsAPlainLoopOverPairs(int window, int hiddenLayers)
    {
        using var scope = NewDisposeScope();
        var config = new DualConvolutionConfig { EmbeddingWidth = 4, HiddenWidth = 5, HiddenLayers = hiddenLayers, WindowSize = window, VocabularySize = 7 };
        var network = (DualConvolution)config.Build(new Generator(2));
        network.to(ScalarType.Float64);
        Tensor ids = randint(0, 7, [3, window], generator: new Generator(5), dtype: ScalarType.Int64);

        Tensor expected = PlainLoop(network, ids);

        Assert.True(network.call(ids).allclose(expected, rtol: 1e-10, atol: 1e-12));
    }

    [Theory]
    [InlineData(NormalizationKind.LayerNorm)]
    [InlineData(NormalizationKind.MaxAbs)]
    public void Embedding_DistinctCharacters_StayDistinctAfterNormalization(NormalizationKind normalization)
    {
        // The original's width-1 bottleneck mapped every character to the same normalised value; here every pair of
        // the 128 characters keeps a clearly different embedding.
        using var scope = NewDisposeScope();
        var config = new DualConvolutionConfig { Normalization = normalization, WindowSize = 2, VocabularySize = 128 };
        var network = (DualConvolution)config.Build(new Generator(0));
        Tensor x = network.Encoding.call(Range(128).view(-1, 1)); // (128, 1)

        Tensor e = network.EmbeddingNormalization.call(network.Embedding.call(x));          // (128, E)

        Tensor distance = cdist(e, e).add_(eye(128) * Held(1e3), One);
        Assert.True(distance.min().item<float>() > 1e-2, $"closest pair {distance.min().item<float>()}");
    }

    [Fact]
    public void ParameterCount_OfConfigAndPreset_EqualsRegisteredParameters()
    {
        var config = new DualConvolutionConfig { HiddenLayers = 2 }.WithShape(9, 30);
        using var network = config.Build(new Generator(0));
        Assert.Equal(config.ParameterCount(), network.ParameterCount);

        // The preset: E = H = 1,024, discontinuous n3 S2 (K = 6): embedding 1 × 256 × 1,024; merge 2,048 × 6 × 1,024 +
        // 3 × 1,024 × 6 × 1,024; max-abs has no parameters; Linear 1,025 × 128.
        NetworkConfig preset = NetworkPresets.Load("dual_convolution_large").Network.WithShape(16, 128);
        Assert.Equal(256L * 1024 + 2048L * 6 * 1024 + 3L * 1024 * 6 * 1024 + 1025L * 128, preset.ParameterCount());
    }

    /// <summary>The definition, one pair at a time: embed and normalise every character; while more than one vector
    /// is left, put a zero vector in front of an odd list and replace each pair by the merge MLP of its concatenation.</summary>
    private static Tensor PlainLoop(DualConvolution network, Tensor ids)
    {
        using var noGrad = no_grad();
        var rows = new List<Tensor>();
        for (int b = 0; b < ids.shape[0]; b++)
        {
            List<Tensor> vectors = [];
            for (int position = 0; position < ids.shape[1]; position++)
            {
                Tensor x = network.Encoding.call(ids[b, position].view(1, 1));                  // (1, 1)
                vectors.Add(network.EmbeddingNormalization.call(network.Embedding.call(x)));  // (1, E)
            }
            while (vectors.Count > 1)
            {
                if (vectors.Count % 2 == 1)
                {
                    vectors.Insert(0, zeros_like(vectors[0]));
                }
                var merged = new List<Tensor>();
                for (int pair = 0; pair < vectors.Count; pair += 2)
                {
                    Tensor h = cat([vectors[pair], vectors[pair + 1]], 1);                      // (1, 2E)
                    for (int layer = 0; layer < network.MergeLayers.Count; layer++)
                    {
                        h = network.MergeLayers[layer].call(layer == 0 ? h : network.MergeNormalizations[layer - 1].call(h));
                    }
                    merged.Add(network.MergeNormalizations[^1].call(h));                         // (1, E)
                }
                vectors = merged;
            }
            rows.Add(network.OutputLayer.call(vectors[0]));                                       // (1, V)
        }
        return cat(rows, 0);
    }
}
