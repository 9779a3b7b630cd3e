using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>A chain of <see cref="HighOrderConvolution1d"/> layers, each followed by a normalisation over its
/// channels at every position (the original normalises with a batch norm in the fully convolutional network and, by
/// mistake, over the length axis in the tail-focus network: seed-study §2.4, §6.7). The original's
/// <c>HighOrderFullyConvolutionalNetwork</c> without pooling.</summary>
public sealed class HighOrderConvolutionStack : nn.Module<Tensor, Tensor>
{
    private readonly HighOrderConvolution1d[] _convolutions;
    private readonly nn.Module<Tensor, Tensor>[] _normalizations;

    /// <summary>Builds the stack; layer i + 1 must read the channels layer i writes.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="layers">The convolutions in order.</param>
    /// <param name="normalization">The normalisation after every convolution (over channels).</param>
    /// <param name="generator">Random generator for the weights.</param>
    public HighOrderConvolutionStack(string name, IReadOnlyList<HighOrderConvolution1dConfig> layers, NormalizationKind normalization, Generator? generator)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _convolutions = new HighOrderConvolution1d[layers.Count];
        _normalizations = new nn.Module<Tensor, Tensor>[layers.Count];
        for (int layer = 0; layer < layers.Count; layer++)
        {
            if (layer > 0 && layers[layer].InChannels != layers[layer - 1].OutChannels)
            {
                throw new ArgumentException($"Convolution {layer} reads {layers[layer].InChannels} channels but convolution {layer - 1} writes {layers[layer - 1].OutChannels}.", nameof(layers));
            }
            _convolutions[layer] = new HighOrderConvolution1d($"conv{layer}", layers[layer], generator);
            _normalizations[layer] = Normalization.Create(normalization, layers[layer].OutChannels);
        }
        for (int layer = 0; layer < layers.Count; layer++)
        {
            register_module($"conv{layer}", _convolutions[layer]);
            register_module($"norm{layer}", _normalizations[layer]);
        }
    }

    /// <summary>The convolutions in call order.</summary>
    public IReadOnlyList<HighOrderConvolution1d> Convolutions => _convolutions;

    /// <summary>The normalisation after each convolution.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Normalizations => _normalizations;

    /// <summary>The last level: <see cref="Levels"/>' last element.</summary>
    /// <param name="input">(B, C_0, L_0).</param>
    /// <returns>(B, C_last, L_last).</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Levels(input)[^1].MoveToOuterDisposeScope();
    }

    /// <summary>The normalised output of every convolution, in order.</summary>
    /// <param name="input">(B, C_0, L_0).</param>
    /// <returns>Level i: (B, C_i, L_i), in the caller's dispose scope.</returns>
    public IReadOnlyList<Tensor> Levels(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var levels = new Tensor[_convolutions.Length];
        Tensor h = input;
        for (int layer = 0; layer < _convolutions.Length; layer++)
        {
            Tensor y = _convolutions[layer].call(h);                                          // (B, C, L)
            h = _normalizations[layer].call(y.transpose(1, 2)).transpose(1, 2);              // over channels at every position
            levels[layer] = h;
        }
        return levels;
    }
}
