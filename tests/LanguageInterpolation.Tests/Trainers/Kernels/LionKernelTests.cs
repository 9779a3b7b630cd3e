using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Kernels;

/// <summary>The one-pass Lion kernel against Lion's op-by-op tensor form (the hand-computed steps are in
/// <see cref="Optimizers.LionTests"/>, which now run through the kernel on the CPU).</summary>
[Collection(TorchThreadCount.Collection)]
public class LionKernelTests
{
    [Theory]
    [InlineData(10_003, 0.0)]     // not a multiple of the vector width: the scalar tail runs too
    [InlineData(70_001, 0.3)]     // above the split threshold: two threads, with weight decay
    public void Step_FiveSteps_MatchesTheOpByOpForm(int count, double weightDecay)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(17, device("cpu"));
        Tensor start = randn([count], generator: generator);
        Tensor[] gradients = Enumerable.Range(0, 5).Select(_ => randn([count], generator: generator) * Held(0.01f)).ToArray();

        (Tensor P, Tensor M) Run(bool fused)
        {
            var p = new Parameter(start.clone());
            var lion = new Lion([p], learningRate: 1e-3, weightDecay: weightDecay) { UseFusedKernel = fused };
            foreach (Tensor g in gradients)
            {
                p.grad = g.clone();
                lion.Step();
            }
            return (p.detach().clone(), TestTensors.State(lion, "m.0").clone());
        }
        (Tensor fusedP, Tensor fusedM) = Run(fused: true);
        (Tensor opsP, Tensor opsM) = Run(fused: false);

        // Same float32 operations in the same order: equal but for the contraction of a product into a fused
        // multiply-add in places (1 ulp); a sign flip would show as 2e-3.
        Assert.True((fusedP - opsP).abs().max().item<float>() <= 1e-6f);
        Assert.True((fusedM - opsM).abs().max().item<float>() <= 1e-8f);
    }

    [Fact]
    public void Step_OneOrTwoThreads_GiveBitIdenticalResults()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(23, device("cpu"));
        Tensor start = randn([100_000], generator: generator), g = randn([100_000], generator: generator);
        var results = new List<Tensor>();
        int threads = get_num_threads();
        try
        {
            foreach (int count in new[] { 1, 2 })
            {
                set_num_threads(count);
                var p = new Parameter(start.clone());
                var lion = new Lion([p], learningRate: 1e-3) { UseFusedKernel = true };
                p.grad = g.clone();
                lion.Step();
                lion.Step();
                results.Add(p.detach().clone());
            }
        }
        finally
        {
            set_num_threads(threads);
        }

        Assert.True(results[0].eq(results[1]).all().item<bool>());
    }
}
