using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// Lion restricted to the active entries, those whose gradient is non-zero (the original's
/// <c>sparse_lion.py</c>). With a = (g ≠ 0), for each parameter θ and momentum m (state "m.i", initially 0):
/// <code>
/// c  ← β1·m + (1 − β1)·g
/// θ  ← a ? θ·(1 − η·λ) − η·sign(c) : θ
/// m  ← a ? β2·m + (1 − β2)·g       : m
/// </code>
/// Defaults: η = 1e-4, β1 = 0.9, β2 = 0.99, λ = 0 (<see cref="OptimizerDefaults"/>).
/// </summary>
/// <remarks>
/// A piecewise-polynomial layer only gives gradient to the weights of the segments its inputs fall in. Plain
/// Lion would still move every inactive weight by η·sign(β1·m) and decay its momentum; SparseLion leaves both
/// untouched, so an inactive segment resumes with the momentum it had. The selection is three batched ops
/// (a mask and two <c>torch.where</c>), not a loop over entries.
/// Deviation from the original: its weight decay multiplied a masked copy of the parameter, so it never took
/// effect. Here the decay really shrinks the active entries (inactive entries are not decayed).
/// An entry whose gradient happens to be exactly 0 counts as inactive.
/// </remarks>
public sealed class SparseLion : LionOptimizerBase
{
    /// <summary>Builds SparseLion over <paramref name="parameters"/>; the arguments are checked as in <see cref="OptimizerOptions.Validate"/>.</summary>
    /// <param name="parameters">The parameters to optimize; their order names the state ("m.0", "m.1", ...).</param>
    /// <param name="learningRate">η. <value>1e-4</value></param>
    /// <param name="beta1">β1, the interpolation factor of the update direction. <value>0.9</value></param>
    /// <param name="beta2">β2, the momentum decay. <value>0.99</value></param>
    /// <param name="weightDecay">λ, decoupled, on active entries only: θ ← θ·(1 − η·λ). <value>0</value></param>
    public SparseLion(
        IEnumerable<Parameter> parameters,
        double learningRate = OptimizerDefaults.LionLearningRate,
        double beta1 = OptimizerDefaults.Beta1,
        double beta2 = OptimizerDefaults.LionBeta2,
        double weightDecay = OptimizerDefaults.WeightDecay)
        : base(OptimizerKind.SparseLion, parameters, learningRate, beta1, beta2, weightDecay)
    {
    }

    /// <inheritdoc/>
    public override OptimizerKind Kind => OptimizerKind.SparseLion;

    /// <inheritdoc/>
    protected override void Update(int index, Tensor p, Tensor g)
    {
        Tensor m = Momentum[index];
        double lr = LearningRate;
        // Scalars held in locals until the end of the step: a temporary one could be finalised by the GC while
        // libtorch still reads it (TorchSharp passes only its handle).
        using Scalar zero = 0, beta1 = Beta1, oneMinusBeta1 = 1 - Beta1, beta2 = Beta2, oneMinusBeta2 = 1 - Beta2, minusLearningRate = -lr, decay = 1 - lr * WeightDecay;

        // a ← (g ≠ 0)
        Tensor active = g.ne(zero);
        // c ← β1·m + (1 − β1)·g
        Tensor c = m.mul(beta1).add_(g, alpha: oneMinusBeta1);
        // θ ← a ? θ·(1 − η·λ) − η·sign(c) : θ
        Tensor stepped = p.mul(decay).add_(c.sign_(), alpha: minusLearningRate);
        p.copy_(where(active, stepped, p));
        // m ← a ? β2·m + (1 − β2)·g : m
        Tensor momentum = m.mul(beta2).add_(g, alpha: oneMinusBeta2);
        m.copy_(where(active, momentum, m));
    }
}
