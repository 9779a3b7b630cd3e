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

    /// <summary>Active weight rows (inputs · n) up to which a sample's row addresses and basis values are kept on the
    /// stack and its output is accumulated in registers, a block of outputs at a time.</summary>
    private const int MaximumBlockedRows = 2048;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void ForwardRange(PiecewiseLinks links, float* x, float* weight, float* y, int start, int end)
    {
        int inputs = links.Inputs, outputs = links.Outputs, n = links.Nodes, perLink = links.WeightsPerLink;
        if (inputs * n > MaximumBlockedRows)
        {
            ForwardRangeByRow(links, x, weight, y, start, end);
            return;
        }
        // For each sample: the address and basis value of its inputs · n active rows, then every block of outputs summed
        // over those rows in registers (in the row order of ForwardRangeByRow, so the sums are the same floats) and
        // stored once, instead of loading and storing the output row once per active row.
        int rows = inputs * n;
        Span<float> basis = stackalloc float[n];
        Span<float> coefficients = stackalloc float[rows];
        Span<nint> addresses = stackalloc nint[rows];
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
            SumRows(coefficients, addresses, y + (long)b * outputs, outputs);
        }
    }

    // output[k] = sum over r of coefficients[r] · rows[r][k], each sum a chain of fused multiply-adds in r order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void SumRows(ReadOnlySpan<float> coefficients, ReadOnlySpan<nint> rows, float* output, int length)
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
                Vector.Store(sum0, output + k);
                Vector.Store(sum1, output + k + width);
                Vector.Store(sum2, output + k + 2 * width);
                Vector.Store(sum3, output + k + 3 * width);
            }
            for (; k <= length - width; k += width)
            {
                Vector<float> sum = Vector<float>.Zero;
                for (int r = 0; r < rows.Length; r++)
                {
                    sum = Vector.FusedMultiplyAdd(new Vector<float>(coefficients[r]), Vector.Load((float*)rows[r] + k), sum);
                }
                Vector.Store(sum, output + k);
            }
        }
        for (; k < length; k++)
        {
            float sum = 0f;
            for (int r = 0; r < rows.Length; r++)
            {
                sum = MathF.FusedMultiplyAdd(coefficients[r], ((float*)rows[r])[k], sum);
            }
            output[k] = sum;
        }
    }

    // The same sums for layers with too many active rows to keep on the stack: one multiply-add pass per row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void ForwardRangeByRow(PiecewiseLinks links, float* x, float* weight, float* y, int start, int end)
    {
        int inputs = links.Inputs, outputs = links.Outputs, n = links.Nodes, perLink = links.WeightsPerLink;
        Span<float> basis = stackalloc float[n];
        for (int b = start; b < end; b++)
        {
            float* row = y + (long)b * outputs;
            new Span<float>(row, outputs).Clear();
            for (int i = 0; i < inputs; i++)
            {
                int first = links.Locate(x[(long)b * inputs + i], out float t);
                links.Basis(t, basis);
                float* active = weight + ((long)i * perLink + first) * outputs;     // W[i, first, :]
                for (int j = 0; j < n; j++)
                {
                    MultiplyAdd(basis[j], active + (long)j * outputs, row, outputs);
                }
            }
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
        float[] basisValues = ArrayPool<float>.Shared.Rent(batch * n);
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
                    int first = firstRows[order[group]], next = group + 1;
                    while (next < batch && firstRows[order[next]] == first)
                    {
                        next++;
                    }
                    for (int j = 0; j < n; j++)
                    {
                        AddWeightedRows(order.AsSpan(group, next - group), basisValues, j, n, outputGradient, rows + (long)(first + j) * outputs, outputs);
                    }
                    group = next;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(firstRows);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<float>.Shared.Return(basisValues);
        }
    }

    // destination[k] += sum over the samples b (in order) of basis[b · n + j] · source[b][k], the sum kept in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void AddWeightedRows(ReadOnlySpan<int> samples, float[] basis, int j, int n, float* source, float* destination, int length)
    {
        int width = Vector<float>.Count, k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= length - 4 * width; k += 4 * width)
            {
                Vector<float> sum0 = Vector<float>.Zero, sum1 = sum0, sum2 = sum0, sum3 = sum0;
                foreach (int b in samples)
                {
                    var scale = new Vector<float>(basis[b * n + j]);
                    float* row = source + (long)b * length + k;
                    sum0 = Vector.FusedMultiplyAdd(scale, Vector.Load(row), sum0);
                    sum1 = Vector.FusedMultiplyAdd(scale, Vector.Load(row + width), sum1);
                    sum2 = Vector.FusedMultiplyAdd(scale, Vector.Load(row + 2 * width), sum2);
                    sum3 = Vector.FusedMultiplyAdd(scale, Vector.Load(row + 3 * width), sum3);
                }
                Vector.Store(Vector.Load(destination + k) + sum0, destination + k);
                Vector.Store(Vector.Load(destination + k + width) + sum1, destination + k + width);
                Vector.Store(Vector.Load(destination + k + 2 * width) + sum2, destination + k + 2 * width);
                Vector.Store(Vector.Load(destination + k + 3 * width) + sum3, destination + k + 3 * width);
            }
            for (; k <= length - width; k += width)
            {
                Vector<float> sum = Vector<float>.Zero;
                foreach (int b in samples)
                {
                    sum = Vector.FusedMultiplyAdd(new Vector<float>(basis[b * n + j]), Vector.Load(source + (long)b * length + k), sum);
                }
                Vector.Store(Vector.Load(destination + k) + sum, destination + k);
            }
        }
        for (; k < length; k++)
        {
            float sum = 0f;
            foreach (int b in samples)
            {
                sum = MathF.FusedMultiplyAdd(basis[b * n + j], source[(long)b * length + k], sum);
            }
            destination[k] += sum;
        }
    }

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

    /// <summary>destination += a · source over <paramref name="length"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void MultiplyAdd(float a, float* source, float* destination, int length)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count)
        {
            var scale = new Vector<float>(a);
            for (; k <= length - Vector<float>.Count; k += Vector<float>.Count)
            {
                Vector.Store(Vector.FusedMultiplyAdd(scale, Vector.Load(source + k), Vector.Load(destination + k)), destination + k);
            }
        }
        for (; k < length; k++)
        {
            destination[k] = MathF.FusedMultiplyAdd(a, source[k], destination[k]);
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
