using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The linear recurrence of the selective state-space model, <c>hₜ = aₜ ⊙ hₜ₋₁ + bₜ</c> over the time axis of
/// (B, T, D, N) tensors (a = exp(Δ·A), b = Δ·B·x), from an initial state h₋₁ (zero when none). Two forms with the
/// same result: <see cref="Sequential"/>, the loop over time, and <see cref="Chunked"/>, a chunked scan with about
/// 2√T dependent steps; <see cref="Run"/> picks the faster one for the device.
/// </summary>
/// <remarks>
/// <para><b>The chunked scan</b> cuts time into ⌈T/c⌉ chunks of c steps and runs three phases, each a handful of
/// batched tensor operations: (1) the recurrence inside every chunk at once from a zero state (c steps on
/// (B, chunks, D, N) slices) together with the running products <c>Pₜ = aₜ·aₜ₋₁·…</c> since the chunk's start
/// (a cumulative product); (2) the recurrence over the chunk ends, which carries the state into every chunk
/// (⌈T/c⌉ steps on (B, D, N)); (3) the correction <c>hₜ = localₜ + Pₜ ⊙ carry</c> in one operation. With
/// c ≈ √T that is about 2√T dependent steps instead of T, for the same O(T) work but several more passes over the
/// (B, T, D, N) tensors (padding, a layout copy, the cumulative product, the correction).</para>
/// <para><b>Which one runs</b> (bench/results/mamba-scan.md): on 2 CPU cores both are bound by memory traffic, not by
/// the number of operations, and the loop, which touches each value about three times, beats the chunked scan
/// forward and backward. The original's loop was slow for another reason: it indexed one step at a time
/// (<c>deltaA[:, i]</c>), and the backward of each such select allocates a full-size gradient, so its backward grows
/// as T²; <see cref="Sequential"/> slices time once (<c>unbind</c>: one gradient for all steps). On a GPU each step
/// is a kernel launch, which the chunked scan divides by about √T/2, so <see cref="Run"/> uses it there.</para>
/// <para><b>Why not a log-depth (Hillis–Steele) scan</b>: it does O(T log T) work on the full (B, T, D, N) tensor;
/// a closed form with cumulative sums of log a needs exp of differences per pair of steps (O(T²) memory) to stay
/// finite.</para>
/// <para>Autograd differentiates both forms; the tests compare values and gradients of the chunked scan with the
/// loop, and the loop with a scalar reference.</para>
/// </remarks>
public static class SelectiveScan
{
    /// <summary>The faster form for the tensors' device: <see cref="Chunked"/> on CUDA, <see cref="Sequential"/> elsewhere.</summary>
    /// <param name="decay">a, (B, T, D, N).</param>
    /// <param name="input">b, (B, T, D, N).</param>
    /// <param name="initial">h₋₁, (B, D, N), or null for zero.</param>
    /// <returns>Every state hₜ, (B, T, D, N).</returns>
    public static Tensor Run(Tensor decay, Tensor input, Tensor? initial = null)
    {
        ArgumentNullException.ThrowIfNull(decay);
        return decay.device_type == DeviceType.CUDA ? Chunked(decay, input, initial) : Sequential(decay, input, initial);
    }

    /// <summary>The plain loop over time slices: T dependent steps.</summary>
    /// <param name="decay">a, (B, T, D, N).</param>
    /// <param name="input">b, (B, T, D, N).</param>
    /// <param name="initial">h₋₁, (B, D, N), or null for zero.</param>
    /// <returns>Every state hₜ, (B, T, D, N).</returns>
    public static Tensor Sequential(Tensor decay, Tensor input, Tensor? initial = null)
    {
        CheckShapes(decay, input, initial);
        using var scope = NewDisposeScope();
        Tensor[] a = decay.unbind(1), b = input.unbind(1);                                  // T × (B, D, N)
        var states = new Tensor[a.Length];
        Tensor? h = initial;
        for (int t = 0; t < a.Length; t++)
        {
            h = h is null ? b[t] : (a[t] * h).add_(b[t], One);                                // a·h + b: (B, D, N)
            states[t] = h;
        }
        return stack(states, 1).MoveToOuterDisposeScope();                                   // (B, T, D, N)
    }

    /// <summary>The chunked scan (see the remarks); <paramref name="chunk"/> 0 picks ⌈√T⌉.</summary>
    /// <param name="decay">a, (B, T, D, N).</param>
    /// <param name="input">b, (B, T, D, N).</param>
    /// <param name="initial">h₋₁, (B, D, N), or null for zero.</param>
    /// <param name="chunk">Steps per chunk, or 0 for ⌈√T⌉.</param>
    /// <returns>Every state hₜ, (B, T, D, N).</returns>
    public static Tensor Chunked(Tensor decay, Tensor input, Tensor? initial = null, int chunk = 0)
    {
        CheckShapes(decay, input, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        long steps = decay.shape[1];
        long c = chunk > 0 ? Math.Min(chunk, steps) : (long)Math.Ceiling(Math.Sqrt(steps));
        if (c >= steps)
        {
            return Sequential(decay, input, initial);
        }
        using var scope = NewDisposeScope();
        long batch = decay.shape[0], channels = decay.shape[2], states = decay.shape[3];
        long chunks = (steps + c - 1) / c;
        long padding = chunks * c - steps;
        // Time within the chunk first, (c, B, K, D, N), so that each step of phase 1 reads contiguous slices (unbind:
        // one gradient for all steps, where a select per step would allocate a full-size gradient each).
        Tensor ChunkMajor(Tensor x, double fill) => (padding > 0 ? nn.functional.pad(x, [0, 0, 0, 0, 0, padding], value: fill) : x)
            .reshape(batch, chunks, c, channels, states).permute(2, 0, 1, 3, 4).contiguous();
        Tensor a = ChunkMajor(decay, 1.0);                                                   // (c, B, K, D, N); padded steps keep the state
        Tensor b = ChunkMajor(input, 0.0);                                                   // (c, B, K, D, N)
        Tensor[] aSteps = a.unbind(0), bSteps = b.unbind(0);

        var local = new Tensor[c];
        Tensor h = bSteps[0];                                                                 // (B, K, D, N)
        local[0] = h;
        for (long t = 1; t < c; t++)
        {
            h = (aSteps[t] * h).add_(bSteps[t], One);                                         // a·h + b: (B, K, D, N)
            local[t] = h;
        }
        Tensor products = a.cumprod(0);                                                       // (c, B, K, D, N)

        Tensor[] chunkDecay = products[c - 1].unbind(1);                                      // K × (B, D, N)
        Tensor[] chunkEnd = local[c - 1].unbind(1);                                           // K × (B, D, N)
        var carries = new Tensor[chunks];
        Tensor carry = initial ?? zeros_like(chunkEnd[0]);                                    // (B, D, N)
        for (long k = 0; k < chunks; k++)
        {
            carries[k] = carry;
            carry = (chunkDecay[k] * carry).add_(chunkEnd[k], One);                           // (B, D, N)
        }
        Tensor carryIn = stack(carries, 1);                                                   // (B, K, D, N)

        Tensor all = stack(local, 0).add_(products * carryIn, One)                            // local + products·carry: (c, B, K, D, N)
            .permute(1, 2, 0, 3, 4).reshape(batch, chunks * c, channels, states);            // (B, K·c, D, N)
        return (padding > 0 ? all.narrow(1, 0, steps) : all).MoveToOuterDisposeScope();     // (B, T, D, N)
    }

    private static void CheckShapes(Tensor decay, Tensor input, Tensor? initial)
    {
        ArgumentNullException.ThrowIfNull(decay);
        ArgumentNullException.ThrowIfNull(input);
        if (decay.dim() != 4 || !decay.shape.SequenceEqual(input.shape) || decay.shape[1] < 1)
        {
            throw new ArgumentException($"The scan needs decay and input of one shape (B, T, D, N) with T >= 1, got ({string.Join(", ", decay.shape)}) and ({string.Join(", ", input.shape)}).", nameof(input));
        }
        if (initial is not null && !initial.shape.SequenceEqual([decay.shape[0], decay.shape[2], decay.shape[3]]))
        {
            throw new ArgumentException($"The initial state must be (B, D, N) = ({decay.shape[0]}, {decay.shape[2]}, {decay.shape[3]}), got ({string.Join(", ", initial.shape)}).", nameof(initial));
        }
    }
}
