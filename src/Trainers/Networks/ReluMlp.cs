using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The low-order baseline: a ReLU MLP straight on the window's input values.</summary>
public sealed class ReluMlp : LanguageNetwork
{
    private readonly LowOrderMlp _mlp;

    /// <summary>Builds the network.</summary>
    public ReluMlp(ReluMlpConfig config, Generator? generator = null) : base("relu_mlp", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _mlp = new LowOrderMlp("mlp", config.InputWidth, config.OutputWidth, config.HiddenWidth, config.HiddenLayers - 1, config.Normalization, generator);
        register_module("mlp", _mlp);
    }

    /// <summary>The MLP.</summary>
    public LowOrderMlp Mlp => _mlp;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _mlp.call(input); // (B, N) -> (B, V)
}
