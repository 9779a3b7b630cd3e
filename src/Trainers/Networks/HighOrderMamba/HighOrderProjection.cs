using LanguageInterpolation.Trainers.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A high-order projection in -> out: optionally tanh of the input (so that the links read values inside
/// (-1, 1)), then high-order layers in -> out -> ... -> out with nothing between them (the links are the
/// non-linearity), as the original's HighOrderMLP with hidden_layers = 0 and no normalisation.
/// </summary>
public sealed class HighOrderProjection : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<HighOrderLayer> _layers;
    private readonly bool _squashInputs;

    /// <summary>Creates the projection from its layer configurations (in call order).</summary>
    public HighOrderProjection(string name, IEnumerable<HighOrderLayerConfig> layers, bool squashInputs, Generator? generator) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = nn.ModuleList([.. layers.Select((layer, index) => new HighOrderLayer($"layer{index}", layer, generator))]);
        _squashInputs = squashInputs;
        register_module("layers", _layers);
    }

    /// <summary>The layers in call order.</summary>
    public IReadOnlyList<HighOrderLayer> Layers => [.. _layers];

    /// <summary>Whether the input goes through tanh first.</summary>
    public bool SquashInputs => _squashInputs;

    /// <summary>(..., in) -> (..., out).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        Tensor h = (_squashInputs ? input.tanh() : input).contiguous();                   // (..., in); the layer's views need contiguous rows (a split's slice is not)
        foreach (HighOrderLayer layer in _layers)
        {
            h = layer.call(h);                                                            // (..., out)
        }
        return h.MoveToOuterDisposeScope();
    }
}
