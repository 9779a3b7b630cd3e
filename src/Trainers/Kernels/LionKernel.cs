using System.Runtime.CompilerServices;
using System.Numerics;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>One Lion step over a parameter as a single pass: <c>c = β1·m + (1-β1)·g; θ = θ·(1-ηλ) - η·sign(c);
/// m = β2·m + (1-β2)·g</c>, each element read and written once instead of the six tensor passes of the op-by-op form
/// (bench/results/training-step-profile.md: Lion took 28 % of large_standard's step that way).</summary>
/// <remarks>The arithmetic is the op-by-op form's, in float32 and in its order: the product by β, then the
/// fused multiply-add of the gradient (libtorch's vectorised <c>add_(g, alpha)</c> is one too), the decay product, the
/// fused multiply-add of the sign. A NaN direction gives a NaN parameter, as <c>sign</c> does. Elements are split
/// between threads in fixed ranges, so results do not depend on the thread count.</remarks>
internal static unsafe class LionKernel
{
    /// <summary>Updates <paramref name="count"/> elements of θ and m in place from g.</summary>
    public static void Step(float* parameter, float* momentum, float* gradient, long count, float learningRate, float beta1, float beta2, float weightDecay)
    {
        var (ps, ms, gs) = ((nint)parameter, (nint)momentum, (nint)gradient);
        var rule = new Rule(learningRate, beta1, beta2, weightDecay);
        const int block = 1 << 14;
        int blocks = checked((int)((count + block - 1) / block));
        KernelParallelism.For(blocks, count * 4, (start, end) =>
        {
            long from = (long)start * block, to = Math.Min(count, (long)end * block);
            rule.Apply((float*)ps + from, (float*)ms + from, (float*)gs + from, to - from);
        });
    }

    private readonly struct Rule(float learningRate, float beta1, float beta2, float weightDecay)
    {
        private readonly float _beta1 = beta1, _oneMinusBeta1 = 1f - beta1, _beta2 = beta2, _oneMinusBeta2 = 1f - beta2;
        private readonly float _minusLearningRate = -learningRate, _decay = 1f - learningRate * weightDecay;
        private readonly bool _decays = weightDecay != 0f;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
        public void Apply(float* p, float* m, float* g, long count)
        {
            long k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Vector<float> b1 = new(_beta1), a1 = new(_oneMinusBeta1), b2 = new(_beta2), a2 = new(_oneMinusBeta2);
                Vector<float> step = new(_minusLearningRate), decay = new(_decay), one = Vector<float>.One, zero = Vector<float>.Zero;
                for (; k <= count - Vector<float>.Count; k += Vector<float>.Count)
                {
                    Vector<float> mk = Vector.Load(m + k), gk = Vector.Load(g + k), pk = Vector.Load(p + k);
                    Vector<float> c = Vector.FusedMultiplyAdd(gk, a1, mk * b1);                         // β1·m + (1-β1)·g
                    Vector<float> sign = Vector.ConditionalSelect(Vector.GreaterThan(c, zero), one,
                        Vector.ConditionalSelect(Vector.LessThan(c, zero), -one, c * zero));          // ±1, 0, NaN for NaN
                    if (_decays)
                    {
                        pk *= decay;
                    }
                    Vector.Store(Vector.FusedMultiplyAdd(sign, step, pk), p + k);                     // θ - η·sign(c)
                    Vector.Store(Vector.FusedMultiplyAdd(gk, a2, mk * b2), m + k);                    // β2·m + (1-β2)·g
                }
            }
            for (; k < count; k++)
            {
                float c = MathF.FusedMultiplyAdd(g[k], _oneMinusBeta1, m[k] * _beta1);
                float sign = c > 0f ? 1f : c < 0f ? -1f : c * 0f;
                float decayed = _decays ? p[k] * _decay : p[k];
                p[k] = MathF.FusedMultiplyAdd(sign, _minusLearningRate, decayed);
                m[k] = MathF.FusedMultiplyAdd(g[k], _oneMinusBeta2, m[k] * _beta2);
            }
        }
    }
}
