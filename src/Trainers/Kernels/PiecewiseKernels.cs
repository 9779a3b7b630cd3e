using System.Buffers;
using System.Runtime.CompilerServices;
using System.Numerics;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>The sum-combined high-order layer <c>y[b, o] = sum_i sum_j l_j(t_bi) · W[i, first_bi + j, o]</c> and its two
/// gradients as three CPU loops, each one pass over the n active weight rows of every (sample, input): the segment,
/// the basis and the contraction of <see cref="Layers.HighOrderLayer"/> fused, with no (B, in, n) intermediates.</summary>
/// <remarks>
/// <para>Why: the tensor formulation spends about 30 libtorch calls per layer on index arithmetic, basis values and a
/// sparse product; at the small batches and widths of the presets the step is bound by those calls, not by arithmetic
/// (bench/results/training-step-profile.md). The loops here do the same multiply-adds, B·in·n·out per pass, with the
/// output row as the SIMD dimension.</para>
/// <para>Threads: the output and the input gradient split the samples, the weight gradient splits the inputs (input i
/// owns the block W[i]), so no two threads write the same element and every element is summed in a fixed order.</para>
/// <para>All pointers: float32, contiguous; x (B, in), W (in, K, out), y and dy (B, out), dx (B, in), dW (in, K, out)
/// zero-filled by the caller.</para>
/// </remarks>
internal static unsafe class PiecewiseKernels
{
    /// <summary>y = layer(x).</summary>
    public static void Forward(PiecewiseLinks links, float* x, float* weight, float* y, int batch)
    {
        var (xs, ws, ys) = ((nint)x, (nint)weight, (nint)y);
        KernelParallelism.For(batch, Work(links, batch), (start, end) => ForwardRange(links, (float*)xs, (float*)ws, (float*)ys, start, end));
    }

    /// <summary>dW += dL/dW for the upstream gradient dy.</summary>
    public static void WeightGradient(PiecewiseLinks links, float* x, float* outputGradient, float* weightGradient, int batch)
    {
        var (xs, dys, dws) = ((nint)x, (nint)outputGradient, (nint)weightGradient);
        KernelParallelism.For(links.Inputs, Work(links, batch), (start, end) => WeightGradientRange(links, (float*)xs, (float*)dys, (float*)dws, batch, start, end));
    }

    /// <summary>dx = dL/dx for the upstream gradient dy: sum over o and j of dy[b, o] · W[i, first + j, o] · S · l_j'(t).</summary>
    public static void InputGradient(PiecewiseLinks links, float* x, float* weight, float* outputGradient, float* inputGradient, int batch)
    {
        var (xs, ws, dys, dxs) = ((nint)x, (nint)weight, (nint)outputGradient, (nint)inputGradient);
        KernelParallelism.For(batch, Work(links, batch), (start, end) => InputGradientRange(links, (float*)xs, (float*)ws, (float*)dys, (float*)dxs, start, end));
    }

    private static long Work(PiecewiseLinks links, int batch) => (long)batch * links.Inputs * links.Nodes * links.Outputs;

    // Per sample: the address and basis value of its inputs · n active rows, then the output summed over them a block
    // of outputs at a time in registers (SumRows), instead of loading and storing the output row once per active row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void ForwardRange(PiecewiseLinks links, float* x, float* weight, float* y, int start, int end)
    {
        int inputs = links.Inputs, outputs = links.Outputs, n = links.Nodes, perLink = links.WeightsPerLink, rows = inputs * n;
        Span<float> basis = stackalloc float[n];
        float[] coefficients = ArrayPool<float>.Shared.Rent(rows);
        nint[] addresses = ArrayPool<nint>.Shared.Rent(rows);
        try
        {
            for (int b = start; b < end; b++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    int first = links.Locate(x[(long)b * inputs + i], out float t);
                    links.Basis(t, basis);
                    float* active = weight + ((long)i * perLink + first) * outputs;     // W[i, first, :]
                    for (int j = 0; j < n; j++)
                    {
                        coefficients[i * n + j] = basis[j];
                        addresses[i * n + j] = (nint)(active + (long)j * outputs);
                    }
                }
                SumRows(coefficients.AsSpan(0, rows), addresses.AsSpan(0, rows), y + (long)b * outputs, outputs, accumulate: false);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(coefficients);
            ArrayPool<nint>.Shared.Return(addresses);
        }
    }

    // Per input: each sample's active rows and basis values, the samples ordered by their first active row (a stable
    // counting sort), then each group of samples sharing the same rows summed in registers, a block of outputs at a
    // time, and added into those rows once: dW[i, first + j] += sum over the group of l_j(t_b) · dy[b]. The rows of
    // dW are then read and written once per group rather than once per sample (large_standard's input layer: about
    // 40 distinct characters per position in a batch of 1,000).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void WeightGradientRange(PiecewiseLinks links, float* x, float* outputGradient, float* weightGradient, int batch, int start, int end)
    {
        int inputs = links.Inputs, outputs = links.Outputs, n = links.Nodes, perLink = links.WeightsPerLink;
        int[] firstRows = ArrayPool<int>.Shared.Rent(batch), order = ArrayPool<int>.Shared.Rent(batch);
        int[] counts = ArrayPool<int>.Shared.Rent(perLink + 1);
        float[] basisValues = ArrayPool<float>.Shared.Rent(batch * n), coefficients = ArrayPool<float>.Shared.Rent(batch);
        nint[] upstreamRows = ArrayPool<nint>.Shared.Rent(batch);
        try
        {
            for (int i = start; i < end; i++)
            {
                Array.Clear(counts, 0, perLink + 1);
                for (int b = 0; b < batch; b++)
                {
                    int first = links.Locate(x[(long)b * inputs + i], out float t);
                    links.Basis(t, basisValues.AsSpan(b * n, n));
                    firstRows[b] = first;
                    counts[first + 1]++;
                }
                for (int row = 0; row < perLink; row++)
                {
                    counts[row + 1] += counts[row];
                }
                for (int b = 0; b < batch; b++)
                {
                    order[counts[firstRows[b]]++] = b;
                }
                float* rows = weightGradient + (long)i * perLink * outputs;                   // dW[i]
                for (int group = 0; group < batch;)
                {
                    int first = firstRows[order[group]], size = 0;
                    for (; group + size < batch && firstRows[order[group + size]] == first; size++)
                    {
                        upstreamRows[size] = (nint)(outputGradient + (long)order[group + size] * outputs);   // dy[b]
                    }
                    for (int j = 0; j < n; j++)
                    {
                        for (int member = 0; member < size; member++)
                        {
                            coefficients[member] = basisValues[order[group + member] * n + j];
                        }
                        SumRows(coefficients.AsSpan(0, size), upstreamRows.AsSpan(0, size), rows + (long)(first + j) * outputs, outputs, accumulate: true);
                    }
                    group += size;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(firstRows);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<float>.Shared.Return(basisValues);
            ArrayPool<float>.Shared.Return(coefficients);
            ArrayPool<nint>.Shared.Return(upstreamRows);
        }
    }

    // sum[k] = sum over r of coefficients[r] · rows[r][k], a chain of fused multiply-adds in r order kept in registers,
    // a block of four vectors at a time; then output[k] = sum[k], or output[k] += sum[k] when accumulating.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void SumRows(ReadOnlySpan<float> coefficients, ReadOnlySpan<nint> rows, float* output, int length, bool accumulate)
    {
        int width = Vector<float>.Count, k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= length - 4 * width; k += 4 * width)
            {
                Vector<float> sum0 = Vector<float>.Zero, sum1 = sum0, sum2 = sum0, sum3 = sum0;
                for (int r = 0; r < rows.Length; r++)
                {
                    var scale = new Vector<float>(coefficients[r]);
                    float* source = (float*)rows[r] + k;
                    sum0 = Vector.FusedMultiplyAdd(scale, Vector.Load(source), sum0);
                    sum1 = Vector.FusedMultiplyAdd(scale, Vector.Load(source + width), sum1);
                    sum2 = Vector.FusedMultiplyAdd(scale, Vector.Load(source + 2 * width), sum2);
                    sum3 = Vector.FusedMultiplyAdd(scale, Vector.Load(source + 3 * width), sum3);
                }
                Put(sum0, output + k, accumulate);
                Put(sum1, output + k + width, accumulate);
                Put(sum2, output + k + 2 * width, accumulate);
                Put(sum3, output + k + 3 * width, accumulate);
            }
            for (; k <= length - width; k += width)
            {
                Vector<float> sum = Vector<float>.Zero;
                for (int r = 0; r < rows.Length; r++)
                {
                    sum = Vector.FusedMultiplyAdd(new Vector<float>(coefficients[r]), Vector.Load((float*)rows[r] + k), sum);
                }
                Put(sum, output + k, accumulate);
            }
        }
        for (; k < length; k++)
        {
            float sum = 0f;
            for (int r = 0; r < rows.Length; r++)
            {
                sum = MathF.FusedMultiplyAdd(coefficients[r], ((float*)rows[r])[k], sum);
            }
            output[k] = accumulate ? output[k] + sum : sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector<float> sum, float* output, bool accumulate) =>
        Vector.Store(accumulate ? Vector.Load(output) + sum : sum, output);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void InputGradientRange(PiecewiseLinks links, float* x, float* weight, float* outputGradient, float* inputGradient, int start, int end)
    {
        int inputs = links.Inputs, outputs = links.Outputs, n = links.Nodes, perLink = links.WeightsPerLink;
        Span<float> slopes = stackalloc float[n];
        for (int b = start; b < end; b++)
        {
            float* upstream = outputGradient + (long)b * outputs;
            for (int i = 0; i < inputs; i++)
            {
                int first = links.Locate(x[(long)b * inputs + i], out float t);
                links.Slopes(t, slopes);
                float* active = weight + ((long)i * perLink + first) * outputs;
                float sum = 0f;
                for (int j = 0; j < n; j++)
                {
                    sum += slopes[j] * Dot(active + (long)j * outputs, upstream, outputs);
                }
                inputGradient[(long)b * inputs + i] = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static float Dot(float* left, float* right, int length)
    {
        int k = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count)
        {
            var sums = Vector<float>.Zero;
            for (; k <= length - Vector<float>.Count; k += Vector<float>.Count)
            {
                sums = Vector.FusedMultiplyAdd(Vector.Load(left + k), Vector.Load(right + k), sums);
            }
            sum = Vector.Sum(sums);
        }
        for (; k < length; k++)
        {
            sum = MathF.FusedMultiplyAdd(left[k], right[k], sum);
        }
        return sum;
    }
}
