using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Bag-of-characters baseline: <c>h = mean_p E[id_p]</c>; <c>logits = mlp(norm(h))</c>. The
/// embedding is a plain registered parameter (TorchSharp's <c>EmbeddingBag_from_pretrained</c> registers
/// a tensor it does not use, so an optimiser would never update it). It is looked up by name rather than
/// held in a field: moving the module to another device or dtype replaces registered parameters, and only
/// fields named like their registration follow.
/// </summary>
public sealed class EmbeddingBagMlp : LanguageNetwork
{
    private const string EmbeddingName = "embedding";
    private readonly nn.Module<Tensor, Tensor> _norm;
    private readonly LowOrderMlp _mlp;

    /// <summary>Builds the network; embeddings start N(0, 1) as PyTorch's.</summary>
    public EmbeddingBagMlp(EmbeddingBagMlpConfig config, Generator? generator = null) : base("embedding_bag_mlp", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        register_parameter(EmbeddingName, new TorchSharp.Modules.Parameter(randn([config.VocabularySize, config.HiddenWidth], generator: generator)));
        _norm = Layers.Normalization.Create(config.Normalization, config.HiddenWidth);
        _mlp = new LowOrderMlp("mlp", config.HiddenWidth, config.VocabularySize, config.HiddenWidth, config.HiddenLayers - 1, config.Normalization, generator);
        register_module("norm", _norm);
        register_module("mlp", _mlp);
    }

    /// <summary>The embedding table (V, width).</summary>
    public TorchSharp.Modules.Parameter Embedding => get_parameter(EmbeddingName) ?? throw new InvalidOperationException("The embedding parameter is not registered.");

    /// <summary>The normalisation after the bag.</summary>
    public nn.Module<Tensor, Tensor> Normalization => _norm;

    /// <summary>The ReLU MLP.</summary>
    public LowOrderMlp Mlp => _mlp;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor bag = Embedding.index_select(0, ids.flatten().to(ScalarType.Int64)).view(ids.shape[0], ids.shape[1], -1).mean([1]); // (B, width)
        return _mlp.call(_norm.call(bag)).MoveToOuterDisposeScope();                                           // (B, V)
    }
}
