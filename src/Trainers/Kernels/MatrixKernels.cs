using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>A float32 matrix in memory: element (i, j) at <c>Data[i·RowStride + j·ColumnStride]</c>, so a transposed
/// view is the same memory with the strides swapped.</summary>
internal readonly unsafe record struct StridedMatrix(nint Data, long RowStride, long ColumnStride)
{
    public float this[long row, long column] => ((float*)Data)[row * RowStride + column * ColumnStride];
}

/// <summary>The matrix product <c>C (+)= A·B</c> in float32 with 512-bit vectors, for the dense layers of the MLPs.</summary>
/// <remarks>
/// <para>Why: on the AMD EPYC (Zen 5) CPUs of the benchmark machines libtorch's MKL runs its 256-bit code path, about
/// 100 GFLOP/s per core, while the cores do 265 GFLOP/s with 512-bit FMAs (measured with a register-only FMA loop);
/// large_standard's step is two-thirds such products.</para>
/// <para>How, as in BLIS and GotoBLAS: B is packed into panels of 32 columns and A into tiles of 12 rows, both in
/// blocks of 256 along k; a tile of C (12 × 32) is kept in 24 vector registers through a block of k, one broadcast
/// of A and two loads of B per k feeding 24 FMAs. Threads split the row tiles; every element of C is summed by one
/// thread in the same order (k blocks in order, k in order within a block), so the result does not depend on the
/// thread count.</para>
/// </remarks>
internal static unsafe class MatrixKernels
{
    /// <summary>Rows of C per register tile.</summary>
    public const int TileRows = 12;

    /// <summary>Columns of C per register tile (two 16-float vectors).</summary>
    public const int TileColumns = 32;

    /// <summary>Length of one block along k (a packed B panel block is 32 KB, an A tile 12 KB).</summary>
    public const int DepthBlock = 256;

    /// <summary>Whether the CPU runs 512-bit vectors natively (else the callers keep libtorch's product).</summary>
    public static bool IsAvailable => Vector512.IsHardwareAccelerated;

    /// <summary>c (m × n, row stride <paramref name="ldc"/>) = a (m × k) · b (k × n), or c += a · b when
    /// <paramref name="accumulate"/>.</summary>
    public static void Multiply(int m, int n, int k, StridedMatrix a, StridedMatrix b, float* c, long ldc, bool accumulate)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            for (int i = 0; !accumulate && i < m; i++)
            {
                new Span<float>(c + i * ldc, n).Clear();
            }
            return;
        }
        int panels = (n + TileColumns - 1) / TileColumns;
        float[] packed = ArrayPool<float>.Shared.Rent(checked(panels * TileColumns * k));
        try
        {
            fixed (float* packedB = packed)
            {
                nint packedAddress = (nint)packedB, cAddress = (nint)c;
                KernelParallelism.For(panels, (long)n * k, (start, end) => PackB(b, n, k, panels, (float*)packedAddress, start, end));
                int tiles = (m + TileRows - 1) / TileRows;
                KernelParallelism.For(tiles, (long)m * n * k, (start, end) =>
                    MultiplyTiles(m, n, k, a, (float*)packedAddress, panels, (float*)cAddress, ldc, accumulate, start, end));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>total[j] = Σ_i rows[i, j] (or total[j] += it when <paramref name="accumulate"/>) over
    /// <paramref name="count"/> contiguous rows of <paramref name="width"/>, row by row in order on one thread (a
    /// bias gradient: count·width additions are few).</summary>
    public static void SumRows(float* rows, int count, int width, float* total, bool accumulate)
    {
        if (!accumulate)
        {
            new Span<float>(total, width).Clear();
        }
        for (int i = 0; i < count; i++, rows += width)
        {
            VectorArithmetic.Add(rows, total, width);
        }
    }

    // B as [depth block][panel][k within the block][32 columns], zero beyond column n.
    private static void PackB(StridedMatrix b, int n, int k, int panels, float* packed, int firstPanel, int endPanel)
    {
        for (int k0 = 0; k0 < k; k0 += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, k - k0);
            for (int panel = firstPanel; panel < endPanel; panel++)
            {
                float* target = packed + (long)k0 * panels * TileColumns + (long)panel * depth * TileColumns;
                int j0 = panel * TileColumns, width = Math.Min(TileColumns, n - j0);
                for (int kk = 0; kk < depth; kk++, target += TileColumns)
                {
                    for (int j = 0; j < width; j++)
                    {
                        target[j] = b[k0 + kk, j0 + j];
                    }
                    new Span<float>(target + width, TileColumns - width).Clear();
                }
            }
        }
    }

    private static void MultiplyTiles(int m, int n, int k, StridedMatrix a, float* packedB, int panels, float* c, long ldc, bool accumulate, int firstTile, int endTile)
    {
        float* packedA = stackalloc float[TileRows * DepthBlock];
        float* edge = stackalloc float[TileRows * TileColumns];
        for (int tile = firstTile; tile < endTile; tile++)
        {
            int i0 = tile * TileRows, rows = Math.Min(TileRows, m - i0);
            for (int k0 = 0; k0 < k; k0 += DepthBlock)
            {
                int depth = Math.Min(DepthBlock, k - k0);
                PackA(a, i0, rows, k0, depth, packedA);
                bool add = accumulate || k0 > 0;
                float* block = packedB + (long)k0 * panels * TileColumns;
                for (int panel = 0; panel < panels; panel++)
                {
                    int j0 = panel * TileColumns, width = Math.Min(TileColumns, n - j0);
                    float* panelB = block + (long)panel * depth * TileColumns;
                    float* target = c + i0 * ldc + j0;
                    if (rows == TileRows && width == TileColumns)
                    {
                        Tile(depth, packedA, panelB, target, ldc, add);
                        continue;
                    }
                    Tile(depth, packedA, panelB, edge, TileColumns, add: false);
                    for (int r = 0; r < rows; r++)
                    {
                        for (int j = 0; j < width; j++)
                        {
                            float value = edge[r * TileColumns + j];
                            target[r * ldc + j] = add ? target[r * ldc + j] + value : value;
                        }
                    }
                }
            }
        }
    }

    // A's rows i0.. as [k][12 rows], zero beyond the last row.
    private static void PackA(StridedMatrix a, int i0, int rows, int k0, int depth, float* packed)
    {
        for (int kk = 0; kk < depth; kk++, packed += TileRows)
        {
            for (int r = 0; r < rows; r++)
            {
                packed[r] = a[i0 + r, k0 + kk];
            }
            for (int r = rows; r < TileRows; r++)
            {
                packed[r] = 0f;
            }
        }
    }

    // C[12 × 32] (+)= A[12 × depth] · B[depth × 32] from the packed tile and panel, in 24 registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: optimised from the first call, not after tier-0
    private static void Tile(int depth, float* a, float* b, float* c, long ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default,
            c90 = default, c91 = default, ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        for (int kk = 0; kk < depth; kk++, a += TileRows, b += TileColumns)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), x;
            x = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            x = Vector512.Create(a[8]); c80 = Vector512.FusedMultiplyAdd(x, b0, c80); c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
            x = Vector512.Create(a[9]); c90 = Vector512.FusedMultiplyAdd(x, b0, c90); c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
            x = Vector512.Create(a[10]); ca0 = Vector512.FusedMultiplyAdd(x, b0, ca0); ca1 = Vector512.FusedMultiplyAdd(x, b1, ca1);
            x = Vector512.Create(a[11]); cb0 = Vector512.FusedMultiplyAdd(x, b0, cb0); cb1 = Vector512.FusedMultiplyAdd(x, b1, cb1);
        }
        Put(c, c00, c01, add); Put(c + ldc, c10, c11, add); Put(c + 2 * ldc, c20, c21, add);
        Put(c + 3 * ldc, c30, c31, add); Put(c + 4 * ldc, c40, c41, add); Put(c + 5 * ldc, c50, c51, add);
        Put(c + 6 * ldc, c60, c61, add); Put(c + 7 * ldc, c70, c71, add); Put(c + 8 * ldc, c80, c81, add);
        Put(c + 9 * ldc, c90, c91, add); Put(c + 10 * ldc, ca0, ca1, add); Put(c + 11 * ldc, cb0, cb1, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* row, Vector512<float> low, Vector512<float> high, bool add)
    {
        if (add)
        {
            low += Vector512.Load(row);
            high += Vector512.Load(row + 16);
        }
        Vector512.Store(low, row);
        Vector512.Store(high, row + 16);
    }
}
