using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The low-order baseline: a ReLU MLP on the same encoded window as the high-order networks, <c>mlp(encode(ids))</c>.</summary>
public sealed class ReluMlp : LanguageNetwork
{
    private readonly CharacterValueEncoding _encoding;
    private readonly LowOrderMlp _mlp;

    /// <summary>Builds the network.</summary>
    public ReluMlp(ReluMlpConfig config, Generator? generator = null) : base("relu_mlp", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _encoding = new CharacterValueEncoding("encoding", config.VocabularySize);
        _mlp = new LowOrderMlp("mlp", config.WindowSize, config.VocabularySize, config.HiddenWidth, config.HiddenLayers - 1, config.Normalization, generator);
        register_module("encoding", _encoding);
        register_module("mlp", _mlp);
    }

    /// <summary>The input encoding (ids -> values in [-1, 1]).</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The MLP.</summary>
    public LowOrderMlp Mlp => _mlp;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        return _mlp.call(_encoding.call(ids)).MoveToOuterDisposeScope();   // (B, N) -> (B, V)
    }
}
