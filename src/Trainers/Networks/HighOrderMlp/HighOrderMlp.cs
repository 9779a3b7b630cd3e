using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The high-order MLP (the original's <c>high_order</c> model: presets small, large_single_layer,
/// large_double_layer). <c>x = encode(ids)</c> (each character the centre of its bin of [-1, 1]);
/// <c>h = input(x)</c>; for each hidden layer <c>h = hidden(norm(h))</c> (plus
/// <c>h</c> with residuals); <c>logits = output(norm(h))</c>.
/// </summary>
public sealed class HighOrderMlp : LanguageNetwork
{
    private readonly CharacterValueEncoding _encoding;
    private readonly nn.Module<Tensor, Tensor> _input;
    private readonly nn.Module<Tensor, Tensor>[] _normsBeforeHidden;
    private readonly nn.Module<Tensor, Tensor>[] _hidden;
    private readonly nn.Module<Tensor, Tensor> _normBeforeOutput;
    private readonly nn.Module<Tensor, Tensor> _output;
    private readonly bool _residual;

    /// <summary>Builds the network.</summary>
    public HighOrderMlp(HighOrderMlpConfig config, Generator? generator = null) : base("high_order_mlp", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _encoding = new CharacterValueEncoding("encoding", config.VocabularySize);
        _input = FullyConnectedLayers.Create("input", config.InputLayerKind, config.InputLayer(), config.SwitchBranches, generator);
        _normsBeforeHidden = new nn.Module<Tensor, Tensor>[config.HiddenLayers];
        _hidden = new nn.Module<Tensor, Tensor>[config.HiddenLayers];
        for (int layer = 0; layer < config.HiddenLayers; layer++)
        {
            _normsBeforeHidden[layer] = Layers.Normalization.Create(config.Normalization, config.HiddenWidth);
            _hidden[layer] = FullyConnectedLayers.Create($"hidden{layer}", config.HiddenLayerKind, config.HiddenLayer(), config.SwitchBranches, generator);
        }
        _normBeforeOutput = Layers.Normalization.Create(config.Normalization, config.HiddenWidth);
        _output = FullyConnectedLayers.Create("output", config.OutputLayerKind, config.OutputLayer(), config.SwitchBranches, generator);
        _residual = config.Residual;
        register_module("encoding", _encoding);
        register_module("input", _input);
        for (int layer = 0; layer < _hidden.Length; layer++)
        {
            register_module($"norm{layer}", _normsBeforeHidden[layer]);
            register_module($"hidden{layer}", _hidden[layer]);
        }
        register_module($"norm{_hidden.Length}", _normBeforeOutput);
        register_module("output", _output);
    }

    /// <summary>The input encoding (ids -> values in [-1, 1]).</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The input layer (N -> width), of kind <see cref="HighOrderMlpConfig.InputLayerKind"/>.</summary>
    public nn.Module<Tensor, Tensor> InputLayer => _input;

    /// <summary>The hidden layers, each preceded by <see cref="NormalizationsBeforeHidden"/> of the same index.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> HiddenLayers => _hidden;

    /// <summary>The normalisation before each hidden layer.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> NormalizationsBeforeHidden => _normsBeforeHidden;

    /// <summary>The normalisation before the output layer.</summary>
    public nn.Module<Tensor, Tensor> NormalizationBeforeOutput => _normBeforeOutput;

    /// <summary>The output layer (width -> V), of kind <see cref="HighOrderMlpConfig.OutputLayerKind"/>.</summary>
    public nn.Module<Tensor, Tensor> OutputLayer => _output;

    /// <summary>Whether hidden layers are residual.</summary>
    public bool Residual => _residual;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(ids);                                   // (B, N) in (-1, 1)
        Tensor h = _input.call(x);                                        // (B, width)
        for (int layer = 0; layer < _hidden.Length; layer++)
        {
            Tensor f = _hidden[layer].call(_normsBeforeHidden[layer].call(h)); // (B, width)
            h = _residual ? h.add(f, One) : f;                           // h + f with a residual connection
        }
        Tensor logits = _output.call(_normBeforeOutput.call(h));          // (B, V)
        return logits.MoveToOuterDisposeScope();
    }
}
