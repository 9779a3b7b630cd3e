using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A high-order token embedding: each character id becomes the centre of its bin of [-1, 1]
/// (<see cref="CharacterValueEncoding"/>), and one <see cref="HighOrderLayer"/> with one input maps that value to
/// the model width, the same layer at every position. With at least one segment per character it is a learnable
/// lookup table whose neighbouring characters share boundary nodes (continuous links). With c characters per
/// token (the layer has c inputs) it reads the values of c consecutive characters per token: (B, T) -> (B, T/c, W).
/// </summary>
public sealed class HighOrderTokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly CharacterValueEncoding _encoding;
    private readonly HighOrderLayer _layer;

    /// <summary>Creates the embedding; <paramref name="layer"/> has one input per character of a token.</summary>
    public HighOrderTokenEmbedding(string name, int vocabularySize, HighOrderLayerConfig layer, Generator? generator) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _encoding = new CharacterValueEncoding("encoding", vocabularySize);
        _layer = new HighOrderLayer("layer", layer, generator);
        RegisterComponents();
    }

    /// <summary>The id encoding.</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The layer (c -> W).</summary>
    public HighOrderLayer Layer => _layer;

    /// <summary>Characters per token: the layer's inputs.</summary>
    public int CharactersPerToken => _layer.Config.InFeatures;

    /// <summary>Ids (B, T) -> (B, T/c, W).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(input).view(input.shape[0], -1, CharactersPerToken);   // (B, T/c, c) in (-1, 1)
        return _layer.call(x).MoveToOuterDisposeScope();                                  // (B, T/c, W)
    }
}
