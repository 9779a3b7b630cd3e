using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Tensors;

/// <summary>
/// Scalar arguments that outlive the TorchSharp calls they are passed to, and integer ranges made with them.
/// </summary>
/// <remarks>
/// TorchSharp hands libtorch only a Scalar's native handle, and frees the native Scalar in the finalizer. A Scalar
/// made for one call (an implicit conversion such as <c>x.mul(0.5)</c>, or the alpha 1 that <c>a + b</c> makes
/// inside) is unreachable while libtorch runs, so a garbage collection started by another thread can free it under
/// libtorch: an "Expected false to be true" error from <c>Scalar::toFloat</c>, or silently a wrong value. It
/// happened in the parallel test run and would in parallel search trials. So every Scalar our code passes is held: a
/// field here for constants, a <c>using</c> local for the rest; the LI0001 and LI0002 analyzers
/// (build/Analyzers) reject any other form at compile time.
/// </remarks>
public static class HeldScalars
{
    /// <summary>1: the alpha of a plain sum, <c>a.add(b, One)</c> for <c>a + b</c>.</summary>
    public static readonly Scalar One = 1;

    private static readonly ConcurrentDictionary<double, Scalar> RealConstants = new();
    private static readonly ConcurrentDictionary<long, Scalar> IntegerConstants = new();

    /// <summary>The Scalar for a constant such as 0.5 or 2, made once and held for the life of the process (so for
    /// constants only: every distinct value stays). Values that vary, such as a learning rate, go in a <c>using</c>
    /// local instead.</summary>
    public static Scalar Held(double constant) => RealConstants.GetOrAdd(constant, value => value);

    /// <summary>An integer constant's Scalar (an integer tensor times it stays an integer tensor), held as
    /// <see cref="Held(double)"/>.</summary>
    public static Scalar Held(long constant) => IntegerConstants.GetOrAdd(constant, value => value);

    /// <summary>int64 [0, <paramref name="end"/>), as <c>torch.arange(end)</c>.</summary>
    public static Tensor Range(long end, Device? device = null) => Range(0, end, 1, ScalarType.Int64, device);

    /// <summary>[start, end) in steps of <paramref name="step"/>, as <c>torch.arange(start, end, step)</c>.</summary>
    public static Tensor Range(long start, long end, long step, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        using Scalar first = start, stop = end, stride = step;
        return arange(first, stop, stride, dtype, device);
    }
}
