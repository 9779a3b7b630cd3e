using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2): Adam whose
/// weight decay shrinks the parameter directly instead of entering the gradient, so it is not rescaled by
/// √v̂. For each parameter θ with gradient g, moments m ("m.i") and v ("v.i"), both initially 0, at step
/// t = <see cref="ParameterOptimizer.StepCount"/>:
/// <code>
/// θ  ← θ·(1 − η·λ)              decoupled weight decay
/// m  ← β1·m + (1 − β1)·g
/// v  ← β2·v + (1 − β2)·g²
/// m̂  ← m / (1 − β1^t)
/// v̂  ← v / (1 − β2^t)
/// θ  ← θ − η·m̂ / (√v̂ + ε)
/// </code>
/// Defaults: η = 1e-3, β1 = 0.9, β2 = 0.999, λ = 0.01, ε = 1e-8 (<see cref="OptimizerDefaults"/>).
/// </summary>
/// <remarks>
/// The paper scales the decay by a schedule multiplier η_t and a separate α; like <c>torch.optim.AdamW</c>, this
/// uses the learning rate itself: θ·(1 − η·λ). With a zero gradient the step is exactly that shrinkage.
/// </remarks>
public sealed class AdamW : AdamOptimizerBase
{
    /// <summary>Builds AdamW over <paramref name="parameters"/>; the arguments are checked as in <see cref="OptimizerOptions.Validate"/>.</summary>
    /// <param name="parameters">The parameters to optimize; their order names the state ("m.0", "v.0", ...).</param>
    /// <param name="learningRate">η. <value>1e-3</value></param>
    /// <param name="beta1">β1, the first-moment decay. <value>0.9</value></param>
    /// <param name="beta2">β2, the second-moment decay. <value>0.999</value></param>
    /// <param name="weightDecay">λ, decoupled: θ ← θ·(1 − η·λ). <value>0.01</value></param>
    /// <param name="epsilon">ε added to √v̂. <value>1e-8</value></param>
    public AdamW(
        IEnumerable<Parameter> parameters,
        double learningRate = OptimizerDefaults.AdamLearningRate,
        double beta1 = OptimizerDefaults.Beta1,
        double beta2 = OptimizerDefaults.AdamBeta2,
        double weightDecay = OptimizerDefaults.AdamWWeightDecay,
        double epsilon = OptimizerDefaults.Epsilon)
        : base(OptimizerKind.AdamW, parameters, learningRate, beta1, beta2, weightDecay, epsilon)
    {
    }

    /// <inheritdoc/>
    public override OptimizerKind Kind => OptimizerKind.AdamW;

    /// <inheritdoc/>
    protected override void Update(int index, Tensor p, Tensor g)
    {
        // θ ← θ·(1 − η·λ)
        if (WeightDecay != 0)
        {
            using Scalar decay = 1 - LearningRate * WeightDecay; // held until the call returns
            p.mul_(decay);
        }
        MomentStep(index, p, g);
    }
}
