using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using Xunit;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Kernels;

/// <summary>The 512-bit matrix product against a float64 product of the same values (libtorch's, an independent
/// implementation), on shapes that cut the 12 × 32 register tiles and the 256-long blocks of k, in all four
/// layouts; and against itself at one and two threads.</summary>
[Collection(TorchThreadCount.Collection)]
public unsafe class MatrixKernelsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(12, 32, 256)]    // exactly one tile and one block
    [InlineData(5, 31, 7)]       // smaller than a tile both ways
    [InlineData(13, 33, 300)]    // one row and one column past a tile, k across two blocks
    [InlineData(25, 70, 600)]
    [InlineData(250, 250, 1000)] // large_standard's weight gradient
    public void Multiply_AllLayouts_MatchesAFloat64Product(int m, int n, int k)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3, device("cpu"));
        Tensor a = randn([m, k], generator: generator), b = randn([k, n], generator: generator);
        Tensor expected = a.to(ScalarType.Float64).mm(b.to(ScalarType.Float64));                // (m, n)
        Tensor bound = a.abs().to(ScalarType.Float64).mm(b.abs().to(ScalarType.Float64)) * Held(k * 1.2e-7);  // float32 sums of k terms
        Tensor aT = a.t().contiguous(), bT = b.t().contiguous();
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                StridedMatrix left = transposeA ? new((nint)Data(aT), 1, m) : new((nint)Data(a), k, 1);
                StridedMatrix right = transposeB ? new((nint)Data(bT), 1, k) : new((nint)Data(b), n, 1);
                Tensor c = full(m, n, Held(7), dtype: ScalarType.Float32);                         // overwritten
                MatrixKernels.Multiply(m, n, k, left, right, Data(c), n, accumulate: false);
                Tensor error = (c.to(ScalarType.Float64) - expected).abs();
                Assert.True(error.le(bound.add(Held(1e-30), One)).all().item<bool>(), $"A{(transposeA ? "ᵀ" : "")} B{(transposeB ? "ᵀ" : "")}: max error {error.max().item<double>():E2}");
            }
        }
    }

    [Fact]
    public void Multiply_Accumulate_AddsTheProductToWhatIsThere()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(4, device("cpu"));
        Tensor a = randn([30, 40], generator: generator), b = randn([40, 50], generator: generator);
        Tensor start = randn([30, 50], generator: generator), c = start.clone();
        MatrixKernels.Multiply(30, 50, 40, new((nint)Data(a), 40, 1), new((nint)Data(b), 50, 1), Data(c), 50, accumulate: true);

        Tensor expected = start.to(ScalarType.Float64).add(a.to(ScalarType.Float64).mm(b.to(ScalarType.Float64)), One);
        Assert.True(c.to(ScalarType.Float64).allclose(expected, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Multiply_EmptyInnerDimension_ClearsOrKeeps()
    {
        using var scope = NewDisposeScope();
        Tensor c = full(3, 4, Held(2), dtype: ScalarType.Float32), kept = c.clone();
        MatrixKernels.Multiply(3, 4, 0, default, default, Data(kept), 4, accumulate: true);
        MatrixKernels.Multiply(3, 4, 0, default, default, Data(c), 4, accumulate: false);

        Assert.True(kept.eq(Held(2)).all().item<bool>());
        Assert.True(c.eq(Held(0)).all().item<bool>());
    }

    [Fact]
    public void Multiply_OneOrTwoThreads_BitIdentical()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5, device("cpu"));
        Tensor a = randn([1000, 250], generator: generator), b = randn([250, 128], generator: generator);
        Tensor Run(int threads)
        {
            set_num_threads(threads);
            Tensor c = empty(1000, 128);
            MatrixKernels.Multiply(1000, 128, 250, new((nint)Data(a), 250, 1), new((nint)Data(b), 128, 1), Data(c), 128, accumulate: false);
            return c;
        }
        int threads = get_num_threads();
        try
        {
            Assert.True(Run(1).eq(Run(2)).all().item<bool>());
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static float* Data(Tensor tensor) => TensorMemory.Floats(tensor);
}
