using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The high-order feed-forward part: <c>HighOrder(W -> F)</c>, layer norm, <c>HighOrder(F -> W)</c>. The links are
/// the non-linearity (no activation); the layer norm brings the first layer's outputs back to about unit scale for
/// the second layer's segments (the original's HighOrderMLP with one hidden layer and normalisation).
/// </summary>
public sealed class HighOrderFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly HighOrderLayer _expand;
    private readonly LayerNormalization _norm;
    private readonly HighOrderLayer _contract;

    /// <summary>Creates the part from its two layer configurations.</summary>
    public HighOrderFeedForward(string name, HighOrderLayerConfig expand, HighOrderLayerConfig contract, Generator? generator) : base(name)
    {
        ArgumentNullException.ThrowIfNull(expand);
        ArgumentNullException.ThrowIfNull(contract);
        _expand = new HighOrderLayer("expand", expand, generator);
        _norm = new LayerNormalization("norm", expand.OutFeatures);
        _contract = new HighOrderLayer("contract", contract, generator);
        RegisterComponents();
    }

    /// <summary>HighOrder(W -> F).</summary>
    public HighOrderLayer Expand => _expand;

    /// <summary>The norm between the layers.</summary>
    public LayerNormalization Norm => _norm;

    /// <summary>HighOrder(F -> W).</summary>
    public HighOrderLayer Contract => _contract;

    /// <summary>(..., W) -> (..., W).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = _norm.call(_expand.call(input));                                  // (..., F)
        return _contract.call(hidden).MoveToOuterDisposeScope();                          // (..., W)
    }
}
