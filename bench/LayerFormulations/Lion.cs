using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.LayerFormulations;

/// <summary>A minimal Lion (Chen et al. 2023) for the benchmarks only (the project's optimisers live elsewhere):
/// <c>c = b1 m + (1-b1) g; p -= lr sign(c); m = b2 m + (1-b2) g</c>, no weight decay.</summary>
internal sealed class Lion(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.99)
{
    private readonly List<(TorchSharp.Modules.Parameter Parameter, Tensor Momentum)> _state =
        parameters.Select(p => (p, zeros_like(p).DetachFromDisposeScope())).ToList();

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach ((TorchSharp.Modules.Parameter parameter, Tensor momentum) in _state)
        {
            Tensor? gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }
            Tensor update = momentum.mul(beta1).add_(gradient, alpha: 1 - beta1).sign_();
            parameter.add_(update, alpha: -lr);
            momentum.mul_(beta2).add_(gradient, alpha: 1 - beta2);
        }
    }

    public void ZeroGrad()
    {
        foreach ((TorchSharp.Modules.Parameter parameter, _) in _state)
        {
            parameter.grad?.zero_();
        }
    }
}
