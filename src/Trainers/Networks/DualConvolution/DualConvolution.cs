using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The dual convolution network: <c>e = norm(embed(encode(ids)))</c>, (B, T, E); while the length L &gt; 1:
/// left-pad a zero vector if L is odd, <c>e = norm(merge([e_{2m}, e_{2m+1}]))</c>, (B, ceil(L/2), E);
/// <c>logits = Linear(e_0)</c>, (B, V).
/// </summary>
/// <remarks>All pairs of a level go through the shared merge MLP in one batched call, (B · L/2, 2E), so a window of T
/// characters costs <c>ceil(log2 T)</c> calls rather than T - 1 (the original's "insanely slow" per-level Python
/// concatenation aside, this is what makes it trainable on a CPU).</remarks>
public sealed class DualConvolution : LanguageNetwork
{
    private readonly CharacterValueEncoding _encoding;
    private readonly HighOrderLayer _embedding;
    private readonly nn.Module<Tensor, Tensor> _embeddingNorm;
    private readonly HighOrderLayer[] _merge;
    private readonly nn.Module<Tensor, Tensor>[] _mergeNorms;
    private readonly TorchSharp.Modules.Linear _output;
    private readonly int _embeddingWidth;

    /// <summary>Builds the network.</summary>
    public DualConvolution(DualConvolutionConfig config, Generator? generator = null) : base("dual_convolution", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _embeddingWidth = config.EmbeddingWidth;
        _encoding = new CharacterValueEncoding("encoding", config.VocabularySize);
        _embedding = new HighOrderLayer("embedding", config.EmbeddingLayer(), generator);
        _embeddingNorm = Layers.Normalization.Create(config.Normalization, config.EmbeddingWidth);
        IReadOnlyList<HighOrderLayerConfig> layers = config.MergeLayers();
        _merge = layers.Select((layer, index) => new HighOrderLayer($"merge{index}", layer, generator)).ToArray();
        // Before every merge layer after the first (width H), and after the last (width E).
        _mergeNorms = layers.Skip(1).Select(layer => Layers.Normalization.Create(config.Normalization, layer.InFeatures))
            .Append(Layers.Normalization.Create(config.Normalization, config.EmbeddingWidth)).ToArray();
        _output = LowOrderMlp.CreateLinear(config.EmbeddingWidth, config.VocabularySize, generator);
        register_module("encoding", _encoding);
        register_module("embedding", _embedding);
        register_module("embedding_norm", _embeddingNorm);
        for (int layer = 0; layer < _merge.Length; layer++)
        {
            register_module($"merge{layer}", _merge[layer]);
            register_module($"merge_norm{layer}", _mergeNorms[layer]);
        }
        register_module("output", _output);
    }

    /// <summary>The input encoding (ids -> values in [-1, 1]).</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The per-character embedding layer (1 -> E).</summary>
    public HighOrderLayer Embedding => _embedding;

    /// <summary>The normalisation after the embedding.</summary>
    public nn.Module<Tensor, Tensor> EmbeddingNormalization => _embeddingNorm;

    /// <summary>The shared merge MLP's layers (2E -> H ... -> E).</summary>
    public IReadOnlyList<HighOrderLayer> MergeLayers => _merge;

    /// <summary>The normalisation after merge layer i (before layer i + 1; the last one after the merge).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> MergeNormalizations => _mergeNorms;

    /// <summary>The output layer (E -> V).</summary>
    public TorchSharp.Modules.Linear OutputLayer => _output;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(ids).unsqueeze(-1);                      // (B, T, 1)
        Tensor e = _embeddingNorm.call(_embedding.call(x));                // (B, T, E)
        while (e.shape[1] > 1)
        {
            if (e.shape[1] % 2 == 1)
            {
                e = cat([zeros_like(e.narrow(1, 0, 1)), e], 1);            // (B, L + 1, E): zero vector on the left
            }
            Tensor pairs = e.reshape(e.shape[0], e.shape[1] / 2, 2 * _embeddingWidth); // (B, L/2, 2E): [e_2m, e_2m+1]
            e = Merge(pairs);                                              // (B, L/2, E)
        }
        Tensor logits = _output.call(e.squeeze(1));                        // (B, E) -> (B, V)
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>The shared merge MLP on the last dimension: (..., 2E) -> (..., E), one pair <c>[e_2m, e_2m+1]</c> per
    /// row.</summary>
    public Tensor Merge(Tensor pairs)
    {
        Tensor h = _merge[0].call(pairs);                                  // (..., H)
        for (int layer = 1; layer < _merge.Length; layer++)
        {
            h = _merge[layer].call(_mergeNorms[layer - 1].call(h));        // (..., H) then (..., E)
        }
        return _mergeNorms[^1].call(h);                                    // (..., E)
    }
}
