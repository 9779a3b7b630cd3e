using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>High-order input layer, normalisation, ReLU MLP: <c>logits = mlp(norm(input(encode(ids))))</c>.</summary>
public sealed class HighOrderInputMlp : LanguageNetwork
{
    private readonly CharacterValueEncoding _encoding;
    private readonly HighOrderLayer _input;
    private readonly nn.Module<Tensor, Tensor> _norm;
    private readonly LowOrderMlp _mlp;

    /// <summary>Builds the network.</summary>
    public HighOrderInputMlp(HighOrderInputMlpConfig config, Generator? generator = null) : base("high_order_input_mlp", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _encoding = new CharacterValueEncoding("encoding", config.VocabularySize);
        _input = new HighOrderLayer("input", config.InputLayer(), generator);
        _norm = Layers.Normalization.Create(config.Normalization, config.HiddenWidth);
        _mlp = new LowOrderMlp("mlp", config.HiddenWidth, config.VocabularySize, config.HiddenWidth, config.HiddenLayers - 1, config.Normalization, generator);
        register_module("encoding", _encoding);
        register_module("input", _input);
        register_module("norm", _norm);
        register_module("mlp", _mlp);
    }

    /// <summary>The input encoding (ids -> values in [-1, 1]).</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The high-order input layer.</summary>
    public HighOrderLayer InputLayer => _input;

    /// <summary>The normalisation after the input layer.</summary>
    public nn.Module<Tensor, Tensor> Normalization => _norm;

    /// <summary>The ReLU MLP.</summary>
    public LowOrderMlp Mlp => _mlp;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(ids);                                   // (B, N) in (-1, 1)
        Tensor h = _norm.call(_input.call(x));                            // (B, width)
        return _mlp.call(h).MoveToOuterDisposeScope();                    // (B, V)
    }
}
