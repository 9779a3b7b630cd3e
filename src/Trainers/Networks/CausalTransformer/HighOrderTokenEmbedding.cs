using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A high-order token embedding: each character id becomes the centre of its bin of [-1, 1]
/// (<see cref="CharacterValueEncoding"/>), and one <see cref="HighOrderLayer"/> with one input maps that value to
/// the model width, the same layer at every position. With at least one segment per character it is a learnable
/// lookup table whose neighbouring characters share boundary nodes (continuous links).
/// </summary>
public sealed class HighOrderTokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly CharacterValueEncoding _encoding;
    private readonly HighOrderLayer _layer;

    /// <summary>Creates the embedding; <paramref name="layer"/> must have one input.</summary>
    public HighOrderTokenEmbedding(string name, int vocabularySize, HighOrderLayerConfig layer, Generator? generator) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _encoding = new CharacterValueEncoding("encoding", vocabularySize);
        _layer = new HighOrderLayer("layer", layer, generator);
        RegisterComponents();
    }

    /// <summary>The id encoding.</summary>
    public CharacterValueEncoding Encoding => _encoding;

    /// <summary>The layer (1 -> W).</summary>
    public HighOrderLayer Layer => _layer;

    /// <summary>Ids (B, T) -> (B, T, W).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = _encoding.call(input).unsqueeze(-1);                                   // (B, T, 1) in (-1, 1)
        return _layer.call(x).MoveToOuterDisposeScope();                                  // (B, T, W)
    }
}
