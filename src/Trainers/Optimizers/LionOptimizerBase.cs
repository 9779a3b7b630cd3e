using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// What <see cref="Lion"/> and <see cref="SparseLion"/> share: the hyperparameters β1, β2, λ and one momentum
/// buffer per parameter (state "m.i", initially 0). Each subclass is only its update rule.
/// </summary>
public abstract class LionOptimizerBase : ParameterOptimizer
{
    /// <summary>Checks the arguments as <see cref="OptimizerOptions.Validate"/> does for <paramref name="kind"/> and creates the momentum.</summary>
    private protected LionOptimizerBase(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double weightDecay)
        : base(parameters, learningRate)
    {
        new OptimizerOptions { Kind = kind, LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, WeightDecay = weightDecay }.Validate();
        Beta1 = beta1;
        Beta2 = beta2;
        WeightDecay = weightDecay;
        Momentum = CreateState("m");
    }

    /// <summary>β1, the interpolation factor of the update direction.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the momentum decay.</summary>
    public double Beta2 { get; }

    /// <summary>λ, the decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum of every parameter, in parameter order.</summary>
    private protected Tensor[] Momentum { get; }
}
