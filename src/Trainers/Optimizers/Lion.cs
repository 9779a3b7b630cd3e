using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms",
/// Algorithm 2). For each parameter θ with gradient g and momentum m (state "m.i", initially 0):
/// <code>
/// c  ← β1·m + (1 − β1)·g        update direction, interpolated
/// θ  ← θ·(1 − η·λ)              decoupled weight decay
/// θ  ← θ − η·sign(c)            every entry moves by exactly η (or 0 where c = 0)
/// m  ← β2·m + (1 − β2)·g        momentum, with the other β
/// </code>
/// Defaults: η = 1e-4, β1 = 0.9, β2 = 0.99, λ = 0 (<see cref="OptimizerDefaults"/>).
/// </summary>
/// <remarks>
/// The paper writes the decay as θ ← θ − η·(sign(c) + λ·θ), which is the same update. The order of the decay
/// and the sign step follows lion-pytorch. Because every step has size η, Lion wants a learning rate 3-10x
/// smaller, and a weight decay 3-10x larger, than AdamW's.
/// </remarks>
public sealed class Lion : LionOptimizerBase
{
    /// <summary>Builds Lion over <paramref name="parameters"/>; the arguments are checked as in <see cref="OptimizerOptions.Validate"/>.</summary>
    /// <param name="parameters">The parameters to optimize; their order names the state ("m.0", "m.1", ...).</param>
    /// <param name="learningRate">η. <value>1e-4</value></param>
    /// <param name="beta1">β1, the interpolation factor of the update direction. <value>0.9</value></param>
    /// <param name="beta2">β2, the momentum decay. <value>0.99</value></param>
    /// <param name="weightDecay">λ, decoupled: θ ← θ·(1 − η·λ). <value>0</value></param>
    public Lion(
        IEnumerable<Parameter> parameters,
        double learningRate = OptimizerDefaults.LionLearningRate,
        double beta1 = OptimizerDefaults.Beta1,
        double beta2 = OptimizerDefaults.LionBeta2,
        double weightDecay = OptimizerDefaults.WeightDecay)
        : base(OptimizerKind.Lion, parameters, learningRate, beta1, beta2, weightDecay)
    {
    }

    /// <inheritdoc/>
    public override OptimizerKind Kind => OptimizerKind.Lion;

    /// <summary>Whether float32 CPU parameters take the one-pass <see cref="LionKernel"/> (default) rather than the
    /// op-by-op tensor form below, which every other device and dtype uses. Off only to compare the two.</summary>
    internal bool UseFusedKernel { get; init; } = true;

    /// <inheritdoc/>
    protected override void Update(int index, Tensor p, Tensor g)
    {
        Tensor m = Momentum[index];
        double lr = LearningRate;
        if (UseFusedKernel && TensorMemory.IsKernelReady(p) && TensorMemory.IsKernelReady(m) && TensorMemory.IsKernelReady(g))
        {
            unsafe
            {
                LionKernel.Step(TensorMemory.Floats(p), TensorMemory.Floats(m), TensorMemory.Floats(g), p.numel(), (float)lr, (float)Beta1, (float)Beta2, (float)WeightDecay);
            }
            GC.KeepAlive(p); // read through raw addresses: not to be finalised before the kernel returns
            GC.KeepAlive(m);
            GC.KeepAlive(g);
            return;
        }
        // Scalars held in locals until the end of the step: a temporary one could be finalised by the GC while
        // libtorch still reads it (TorchSharp passes only its handle).
        using Scalar beta1 = Beta1, oneMinusBeta1 = 1 - Beta1, beta2 = Beta2, oneMinusBeta2 = 1 - Beta2, minusLearningRate = -lr, decay = 1 - lr * WeightDecay;

        // c ← β1·m + (1 − β1)·g
        Tensor c = m.mul(beta1).add_(g, alpha: oneMinusBeta1);
        // θ ← θ·(1 − η·λ)
        if (WeightDecay != 0)
        {
            p.mul_(decay);
        }
        // θ ← θ − η·sign(c)
        p.add_(c.sign_(), alpha: minusLearningRate);
        // m ← β2·m + (1 − β2)·g
        m.mul_(beta2).add_(g, alpha: oneMinusBeta2);
    }
}
