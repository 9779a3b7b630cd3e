using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The tail-focus network: <c>x = encode(ids)</c> as one channel (B, 1, T); levels <c>h_0 = x</c>,
/// <c>h_{i+1} = norm(conv_i(h_i))</c>; <c>z = [tail(h_0, f_0), ..., tail(h_{n-1}, f_{n-1}), h_n]</c> flattened and
/// concatenated, (B, F); <c>logits = Linear(z)</c>, (B, V), where <c>tail(h, f)</c> is the last f positions of h.
/// </summary>
public sealed class TailFocus : LanguageNetwork
{
    private readonly CharacterValueEncoding _encoding;
    private readonly HighOrderConvolutionStack _stack;
    private readonly TorchSharp.Modules.Linear _output;
    private readonly int[] _focus;

    /// <summary>Builds the network.</summary>
    public TailFocus(TailFocusConfig config, Generator? generator = null) : base("tail_focus", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _focus = [.. config.Focus];
        _encoding = new CharacterValueEncoding("encoding", config.VocabularySize);
        _stack = new HighOrderConvolutionStack("stack", config.ConvolutionLayers(), config.Normalization, generator);
        _output = LowOrderMlp.CreateLinear(config.FeatureWidth, config.VocabularySize, generator);
        register_module("encoding", _encoding);
        register_module("stack", _stack);
        register_module("output", _output);
    }

    /// <summary>The input encoding (ids -> values in [-1, 1]).</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The convolutions and their normalisations.</summary>
    public HighOrderConvolutionStack Stack => _stack;

    /// <summary>The output layer (F -> V).</summary>
    public TorchSharp.Modules.Linear OutputLayer => _output;

    /// <inheritdoc />
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(ids).unsqueeze(1);                      // (B, 1, T)
        IReadOnlyList<Tensor> levels = [x, .. _stack.Levels(x)];          // level i: (B, C_i, L_i)
        var parts = new List<Tensor>();
        for (int level = 0; level < _focus.Length; level++)
        {
            if (_focus[level] > 0)
            {
                long length = levels[level].shape[2];
                parts.Add(levels[level].narrow(2, length - _focus[level], _focus[level]).flatten(1)); // (B, C_i · f_i)
            }
        }
        parts.Add(levels[^1].flatten(1));                                 // (B, C_n · L_n)
        Tensor logits = _output.call(cat(parts, 1));                      // (B, F) -> (B, V)
        return logits.MoveToOuterDisposeScope();
    }
}
