using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1), with weight decay as
/// an L2 term added to the gradient (as <c>torch.optim.Adam</c>'s <c>weight_decay</c>). For each parameter θ
/// with gradient g, first moment m (state "m.i") and second moment v (state "v.i"), both initially 0, at step
/// t = <see cref="ParameterOptimizer.StepCount"/> (1 at the first step):
/// <code>
/// g  ← g + λ·θ                  L2 weight decay (coupled)
/// m  ← β1·m + (1 − β1)·g
/// v  ← β2·v + (1 − β2)·g²
/// m̂  ← m / (1 − β1^t)          bias correction
/// v̂  ← v / (1 − β2^t)
/// θ  ← θ − η·m̂ / (√v̂ + ε)
/// </code>
/// Defaults: η = 1e-3, β1 = 0.9, β2 = 0.999, λ = 0, ε = 1e-8 (<see cref="OptimizerDefaults"/>).
/// </summary>
/// <remarks>
/// At t = 1 the bias correction gives m̂ = g and v̂ = g², so the first step is η·g/(|g| + ε) ≈ η·sign(g).
/// t counts optimizer steps, not per-parameter updates: a parameter skipped for a null gradient still sees
/// t advance (PyTorch counts per parameter). This only matters for parameters that miss steps.
/// </remarks>
public sealed class Adam : AdamOptimizerBase
{
    /// <summary>Builds Adam over <paramref name="parameters"/>; the arguments are checked as in <see cref="OptimizerOptions.Validate"/>.</summary>
    /// <param name="parameters">The parameters to optimize; their order names the state ("m.0", "v.0", ...).</param>
    /// <param name="learningRate">η. <value>1e-3</value></param>
    /// <param name="beta1">β1, the first-moment decay. <value>0.9</value></param>
    /// <param name="beta2">β2, the second-moment decay. <value>0.999</value></param>
    /// <param name="weightDecay">λ, as L2: g ← g + λ·θ. <value>0</value></param>
    /// <param name="epsilon">ε added to √v̂. <value>1e-8</value></param>
    public Adam(
        IEnumerable<Parameter> parameters,
        double learningRate = OptimizerDefaults.AdamLearningRate,
        double beta1 = OptimizerDefaults.Beta1,
        double beta2 = OptimizerDefaults.AdamBeta2,
        double weightDecay = OptimizerDefaults.WeightDecay,
        double epsilon = OptimizerDefaults.Epsilon)
        : base(OptimizerKind.Adam, parameters, learningRate, beta1, beta2, weightDecay, epsilon)
    {
    }

    /// <inheritdoc/>
    public override OptimizerKind Kind => OptimizerKind.Adam;

    /// <inheritdoc/>
    protected override void Update(int index, Tensor p, Tensor g)
    {
        // g ← g + λ·θ
        if (WeightDecay != 0)
        {
            using Scalar decay = WeightDecay;
            g = g.add(p, alpha: decay);
        }
        MomentStep(index, p, g);
    }
}
