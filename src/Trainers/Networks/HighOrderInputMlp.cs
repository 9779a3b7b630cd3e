using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>High-order input layer, normalisation, ReLU MLP: <c>logits = mlp(norm(input(x)))</c>.</summary>
public sealed class HighOrderInputMlp : LanguageNetwork
{
    private readonly HighOrderLayer _input;
    private readonly nn.Module<Tensor, Tensor> _norm;
    private readonly LowOrderMlp _mlp;

    /// <summary>Builds the network.</summary>
    public HighOrderInputMlp(HighOrderInputMlpConfig config, Generator? generator = null) : base("high_order_input_mlp", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _input = new HighOrderLayer("input", config.InputLayer(), generator);
        _norm = Layers.Normalization.Create(config.Normalization, config.HiddenWidth);
        _mlp = new LowOrderMlp("mlp", config.HiddenWidth, config.OutputWidth, config.HiddenWidth, config.HiddenLayers - 1, config.Normalization, generator);
        register_module("input", _input);
        register_module("norm", _norm);
        register_module("mlp", _mlp);
    }

    /// <summary>The high-order input layer.</summary>
    public HighOrderLayer InputLayer => _input;

    /// <summary>The normalisation after the input layer.</summary>
    public nn.Module<Tensor, Tensor> Normalization => _norm;

    /// <summary>The ReLU MLP.</summary>
    public LowOrderMlp Mlp => _mlp;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor h = _norm.call(_input.call(input));                        // (B, width)
        return _mlp.call(h).MoveToOuterDisposeScope();                    // (B, V)
    }
}
