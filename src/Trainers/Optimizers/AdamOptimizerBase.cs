using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: the hyperparameters β1, β2, λ, ε, the first and second
/// moments of every parameter (states "m.i" and "v.i", initially 0) and the bias-corrected moment step. The two
/// differ only in where the weight decay goes.
/// </summary>
public abstract class AdamOptimizerBase : ParameterOptimizer
{
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;

    /// <summary>Checks the arguments as <see cref="OptimizerOptions.Validate"/> does for <paramref name="kind"/> and creates the moments.</summary>
    private protected AdamOptimizerBase(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double weightDecay, double epsilon)
        : base(parameters, learningRate)
    {
        new OptimizerOptions { Kind = kind, LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, WeightDecay = weightDecay, Epsilon = epsilon }.Validate();
        Beta1 = beta1;
        Beta2 = beta2;
        WeightDecay = weightDecay;
        Epsilon = epsilon;
        _m = CreateState("m");
        _v = CreateState("v");
    }

    /// <summary>β1, the first-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>λ, the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>ε added to √v̂.</summary>
    public double Epsilon { get; }

    /// <summary>The moment updates and the bias-corrected step of parameter <paramref name="index"/>, at t = <see cref="ParameterOptimizer.StepCount"/>.</summary>
    private protected void MomentStep(int index, Tensor p, Tensor g)
    {
        Tensor m = _m[index];
        Tensor v = _v[index];
        int t = StepCount;
        // Scalars held in locals until the end of the step: a temporary one could be finalised by the GC while
        // libtorch still reads it (TorchSharp passes only its handle).
        using Scalar beta1 = Beta1, oneMinusBeta1 = 1 - Beta1, beta2 = Beta2, oneMinusBeta2 = 1 - Beta2,
            firstCorrection = 1 - Math.Pow(Beta1, t), secondCorrection = 1 - Math.Pow(Beta2, t), epsilon = Epsilon, minusLearningRate = -LearningRate;
        // m ← β1·m + (1 − β1)·g
        m.mul_(beta1).add_(g, alpha: oneMinusBeta1);
        // v ← β2·v + (1 − β2)·g²
        v.mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
        // m̂ ← m / (1 − β1^t)
        Tensor mHat = m.div(firstCorrection);
        // v̂ ← v / (1 − β2^t)
        Tensor vHat = v.div(secondCorrection);
        // θ ← θ − η·m̂ / (√v̂ + ε)
        p.addcdiv_(mHat, vHat.sqrt_().add_(epsilon, One), value: minusLearningRate);
    }
}
