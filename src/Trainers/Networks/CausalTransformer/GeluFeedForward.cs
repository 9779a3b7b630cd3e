using LanguageInterpolation.Trainers.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>The low-order feed-forward part: <c>Linear(W -> F)</c>, GELU (exact, erf form), <c>Linear(F -> W)</c>.</summary>
public sealed class GeluFeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear _expand;
    private readonly Linear _contract;

    /// <summary>Creates the part with weights drawn from <paramref name="generator"/>.</summary>
    public GeluFeedForward(string name, int width, int hiddenWidth, Generator? generator) : base(name)
    {
        _expand = LowOrderMlp.CreateLinear(width, hiddenWidth, generator);
        _contract = LowOrderMlp.CreateLinear(hiddenWidth, width, generator);
        RegisterComponents();
    }

    /// <summary>Linear(W -> F).</summary>
    public Linear Expand => _expand;

    /// <summary>Linear(F -> W).</summary>
    public Linear Contract => _contract;

    /// <summary>(..., W) -> (..., W).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = nn.functional.gelu(_expand.call(input));                          // (..., F)
        return _contract.call(hidden).MoveToOuterDisposeScope();                          // (..., W)
    }
}
