using System.Numerics;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>Elementwise loops that several kernels share.</summary>
internal static unsafe class VectorArithmetic
{
    /// <summary>target[k] += source[k] for k in [0, count).</summary>
    public static void Add(float* source, float* target, int count)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= count - Vector<float>.Count; k += Vector<float>.Count)
            {
                Vector.Store(Vector.Load(target + k) + Vector.Load(source + k), target + k);
            }
        }
        for (; k < count; k++)
        {
            target[k] += source[k];
        }
    }
}
