using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The linear recurrence of the selective state-space model, <c>hₜ = aₜ ⊙ hₜ₋₁ + bₜ</c> over the time axis of
/// (B, T, D, N) tensors (a = exp(Δ·A), b = Δ·B·x), from an initial state h₋₁ (zero when none). Two forms with the
/// same result: <see cref="Sequential"/>, the plain loop over time (the original's, and the tests' reference), and
/// <see cref="Chunked"/>, the one the networks use.
/// </summary>
/// <remarks>
/// <para><b>The chunked scan</b> cuts time into ⌈T/c⌉ chunks of c steps and runs three phases, each a handful of
/// batched tensor operations: (1) the recurrence inside every chunk at once from a zero state (c steps on
/// (B, chunks, D, N) slices) together with the running products <c>Pₜ = aₜ·aₜ₋₁·…</c> since the chunk's start
/// (a cumulative product); (2) the recurrence over the chunk ends, which carries the state into every chunk
/// (⌈T/c⌉ steps on (B, D, N)); (3) the correction <c>hₜ = localₜ + Pₜ ⊙ carry</c> in one operation. With
/// c ≈ √T that is about 2√T dependent steps instead of T, for the same O(T) work: on a CPU the loop's cost is
/// mostly the per-operation overhead of T small operations (forward and backward), which this divides.</para>
/// <para><b>Why not a log-depth (Hillis–Steele) scan</b>: it does O(T log T) work on the full (B, T, D, N) tensor,
/// which on 2 CPU cores costs more than the overhead it saves; a closed form with cumulative sums of log a
/// needs exp of differences per pair of steps (O(T²) memory) to stay finite.</para>
/// <para>Autograd differentiates both forms; the tests compare values and gradients with the sequential one.</para>
/// </remarks>
public static class SelectiveScan
{
    /// <summary>The plain loop: T dependent steps.</summary>
    /// <param name="decay">a, (B, T, D, N).</param>
    /// <param name="input">b, (B, T, D, N).</param>
    /// <param name="initial">h₋₁, (B, D, N), or null for zero.</param>
    /// <returns>Every state hₜ, (B, T, D, N).</returns>
    public static Tensor Sequential(Tensor decay, Tensor input, Tensor? initial = null)
    {
        CheckShapes(decay, input, initial);
        using var scope = NewDisposeScope();
        long steps = decay.shape[1];
        var states = new Tensor[steps];
        Tensor? h = initial;
        for (long t = 0; t < steps; t++)
        {
            Tensor b = input.select(1, t);                                                    // (B, D, N)
            h = h is null ? b : decay.select(1, t) * h + b;                                   // (B, D, N)
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
        long chunks = (steps + c - 1) / c;
        long padding = chunks * c - steps;
        long[] shape = [decay.shape[0], chunks, c, decay.shape[2], decay.shape[3]];
        // Padded steps keep the state (a = 1, b = 0) and are cut off at the end.
        Tensor a = (padding > 0 ? nn.functional.pad(decay, [0, 0, 0, 0, 0, padding], value: 1.0) : decay).reshape(shape);  // (B, K, c, D, N)
        Tensor b = (padding > 0 ? nn.functional.pad(input, [0, 0, 0, 0, 0, padding], value: 0.0) : input).reshape(shape);  // (B, K, c, D, N)

        var local = new Tensor[c];
        Tensor h = b.select(2, 0);                                                            // (B, K, D, N)
        local[0] = h;
        for (long t = 1; t < c; t++)
        {
            h = a.select(2, t) * h + b.select(2, t);                                          // (B, K, D, N)
            local[t] = h;
        }
        Tensor states = stack(local, 2);                                                      // (B, K, c, D, N)
        Tensor products = a.cumprod(2);                                                       // (B, K, c, D, N)

        Tensor chunkDecay = products.select(2, c - 1);                                        // (B, K, D, N)
        Tensor chunkEnd = states.select(2, c - 1);                                            // (B, K, D, N)
        var carries = new Tensor[chunks];
        Tensor carry = initial ?? zeros_like(chunkEnd.select(1, 0));                          // (B, D, N)
        for (long k = 0; k < chunks; k++)
        {
            carries[k] = carry;
            carry = chunkDecay.select(1, k) * carry + chunkEnd.select(1, k);                  // (B, D, N)
        }
        Tensor carryIn = stack(carries, 1).unsqueeze(2);                                      // (B, K, 1, D, N)

        Tensor all = (states + products * carryIn).reshape(decay.shape[0], chunks * c, decay.shape[2], decay.shape[3]);   // (B, K·c, D, N)
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
