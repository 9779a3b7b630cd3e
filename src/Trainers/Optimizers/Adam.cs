using TorchSharp.Modules;
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
public sealed class Adam : ParameterOptimizer
{
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;

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
        : base(parameters, learningRate)
    {
        new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, WeightDecay = weightDecay, Epsilon = epsilon }.Validate();
        Beta1 = beta1;
        Beta2 = beta2;
        WeightDecay = weightDecay;
        Epsilon = epsilon;
        _m = CreateState("m");
        _v = CreateState("v");
    }

    /// <inheritdoc/>
    public override OptimizerKind Kind => OptimizerKind.Adam;

    /// <summary>β1, the first-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>λ, the L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>ε added to √v̂.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Tensor p, Tensor g)
    {
        Tensor m = _m[index];
        Tensor v = _v[index];
        int t = StepCount;

        // g ← g + λ·θ
        if (WeightDecay != 0)
        {
            g = g.add(p, alpha: WeightDecay);
        }
        // m ← β1·m + (1 − β1)·g
        m.mul_(Beta1).add_(g, alpha: 1 - Beta1);
        // v ← β2·v + (1 − β2)·g²
        v.mul_(Beta2).addcmul_(g, g, value: 1 - Beta2);
        // m̂ ← m / (1 − β1^t)
        Tensor mHat = m.div(1 - Math.Pow(Beta1, t));
        // v̂ ← v / (1 − β2^t)
        Tensor vHat = v.div(1 - Math.Pow(Beta2, t));
        // θ ← θ − η·m̂ / (√v̂ + ε)
        p.addcdiv_(mHat, vHat.sqrt_().add_(Epsilon), value: -LearningRate);
    }
}
