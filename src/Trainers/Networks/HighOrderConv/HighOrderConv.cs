using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The high-order fully convolutional network: <c>x = encode(ids)</c> as one channel (B, 1, T);
/// <c>h = stack(x)</c>, (B, C, L); <c>logits = Linear(flatten(h))</c>, (B, V).
/// </summary>
public sealed class HighOrderConv : LanguageNetwork
{
    private readonly CharacterValueEncoding _encoding;
    private readonly HighOrderConvolutionStack _stack;
    private readonly TorchSharp.Modules.Linear _output;

    /// <summary>Builds the network.</summary>
    public HighOrderConv(HighOrderConvConfig config, Generator? generator = null) : base("conv", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _encoding = new CharacterValueEncoding("encoding", config.VocabularySize);
        _stack = new HighOrderConvolutionStack("stack", config.ConvolutionLayers(), config.Normalization, generator);
        _output = LowOrderMlp.CreateLinear(config.FlattenedWidth, config.VocabularySize, generator);
        register_module("encoding", _encoding);
        register_module("stack", _stack);
        register_module("output", _output);
    }

    /// <summary>The input encoding (ids -> values in [-1, 1]).</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The convolutions and their normalisations.</summary>
    public HighOrderConvolutionStack Stack => _stack;

    /// <summary>The output layer (C_last · L_last -> V).</summary>
    public TorchSharp.Modules.Linear OutputLayer => _output;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(ids).unsqueeze(1);                      // (B, 1, T)
        Tensor h = _stack.call(x);                                        // (B, C, L)
        Tensor logits = _output.call(h.flatten(1));                       // (B, V)
        return logits.MoveToOuterDisposeScope();
    }
}
