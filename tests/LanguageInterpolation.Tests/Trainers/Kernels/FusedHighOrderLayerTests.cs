using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Tests.Trainers.Layers;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Kernels;

/// <summary>The <see cref="PiecewiseAlgorithm.Fused"/> formulation (float32, CPU) against finite differences, the tensor
/// formulations at the presets' input-layer shape, and itself at other thread counts.</summary>
[Collection(TorchThreadCount.Collection)]
public class FusedHighOrderLayerTests
{
    [Theory]
    [InlineData(LinkKind.Continuous, 2, 6)]
    [InlineData(LinkKind.Continuous, 3, 4)]
    [InlineData(LinkKind.Discontinuous, 3, 5)]
    [InlineData(LinkKind.Polynomial, 3, 1)]
    public void Backward_Float32_MatchesCentralFiniteDifferences(LinkKind kind, int n, int segments)
    {
        // Linear and quadratic links: a central difference is exact for them up to float rounding (the step stays
        // inside each input's segment: inputs sit 0.02 or more from every boundary), so 2e-3 bounds the rounding of
        // a float32 loss of size ~10 divided by 2h = 0.02.
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(kind, n, segments, 3, 4, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Fused);
        float[] x0 = [-0.93f, 0.27f, 0.61f, 0.12f, -0.44f, 0.86f];
        Tensor c = tensor(new float[] { 0.3f, -1.2f, 0.7f, 2.0f, -0.5f, 1.1f, 0.9f, -0.8f }).view(2, 4);
        Tensor x = tensor(x0).view(2, 3).requires_grad_();
        (layer.call(x) * c).sum().backward();
        float[] inputGradient = x.grad!.data<float>().ToArray();
        float[] weightGradient = layer.Weight.grad!.data<float>().ToArray();
        const float h = 0.01f;

        float Loss(float[] inputs)
        {
            using var noGrad = no_grad();
            return (layer.call(tensor(inputs).view(2, 3)) * c).sum().item<float>();
        }
        for (int q = 0; q < x0.Length; q++)
        {
            float[] up = (float[])x0.Clone(), down = (float[])x0.Clone();
            up[q] += h;
            down[q] -= h;
            Assert.True(Math.Abs((Loss(up) - Loss(down)) / (2 * h) - inputGradient[q]) <= 2e-3 * Math.Max(1, Math.Abs(inputGradient[q])), $"dx[{q}]");
        }
        using (no_grad())
        {
            Tensor flat = layer.Weight.view(-1);
            for (int q = 0; q < flat.shape[0]; q += 3)
            {
                float saved = flat[q].item<float>();
                flat[q] = saved + h;
                float up = Loss(x0);
                flat[q] = saved - h;
                float down = Loss(x0);
                flat[q] = saved;
                Assert.True(Math.Abs((up - down) / (2 * h) - weightGradient[q]) <= 2e-3, $"dW[{q}]");
            }
        }
    }

    [Theory]
    [InlineData(LinkKind.Discontinuous, 250)]   // large_standard's input layer, 16 -> 250, S = 128
    [InlineData(LinkKind.Continuous, 10)]       // small's input layer, 16 -> 10, S = 128
    public void Forward_PresetInputLayerShape_MatchesGatherActiveWithGradients(LinkKind kind, int outputs)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5, device("cpu"));
        Tensor x0 = rand([300, 16], generator: generator) * Held(2) - Held(1);
        Tensor c = randn([300, outputs], generator: generator);
        var results = new List<(Tensor Y, Tensor Dw, Tensor Dx)>();
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.GatherActive, PiecewiseAlgorithm.Fused })
        {
            HighOrderLayer layer = HighOrderLayerTests.NewLayer(kind, 2, 128, 16, outputs, OutOfRangePolicy.Clamp, algorithm);
            Tensor x = x0.clone().requires_grad_();
            Tensor y = layer.call(x);
            (y * c).sum().backward();
            results.Add((y.detach(), layer.Weight.grad!.clone(), x.grad!.clone()));
        }

        Assert.True(results[0].Y.allclose(results[1].Y, rtol: 1e-5, atol: 1e-4));
        Assert.True(results[0].Dw.allclose(results[1].Dw, rtol: 1e-5, atol: 1e-5));
        Assert.True(results[0].Dx.allclose(results[1].Dx, rtol: 1e-4, atol: 1e-3)); // dx sums 250·2 products of size ~S
    }

    [Theory]
    [InlineData(1_000)]   // 2,000 active rows per sample, each output a sum of 2,000 products
    [InlineData(1_100)]   // 2,200
    public void Forward_ManyInputs_MatchesGatherActive(int inputs)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(6, device("cpu"));
        Tensor x = rand([7, inputs], generator: generator) * Held(2) - Held(1);
        var outputs = new List<Tensor>();
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.GatherActive, PiecewiseAlgorithm.Fused })
        {
            HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 2, 4, inputs, 37, OutOfRangePolicy.Clamp, algorithm);
            using (no_grad())
            {
                outputs.Add(layer.call(x));
            }
        }

        Assert.True(outputs[0].allclose(outputs[1], rtol: 1e-5, atol: 1e-3)); // sums of 2,000 products, summed in another order
    }

    [Fact]
    public void Backward_GradientAlreadySet_AddsIntoItAsAutogradWould()
    {
        // Two backward passes without zeroing, then a zeroing and a third: the gradient written into the existing
        // one must equal what the tensor formulation accumulates through autograd.
        using var scope = NewDisposeScope();
        var generator = new Generator(13, device("cpu"));
        Tensor x1 = rand([40, 6], generator: generator) * Held(2) - Held(1), x2 = rand([40, 6], generator: generator) * Held(2) - Held(1);
        Tensor c = randn([40, 5], generator: generator);
        var gradients = new List<Tensor[]>();
        foreach (PiecewiseAlgorithm algorithm in new[] { PiecewiseAlgorithm.GatherActive, PiecewiseAlgorithm.Fused })
        {
            HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 3, 20, 6, 5, OutOfRangePolicy.Extrapolate, algorithm);
            (layer.call(x1) * c).sum().backward();
            (layer.call(x2) * c).sum().backward();
            Tensor twice = layer.Weight.grad!.clone();
            layer.Weight.grad!.zero_();
            (layer.call(x2) * c).sum().backward();
            gradients.Add([twice, layer.Weight.grad!.clone()]);
        }

        Assert.True(gradients[0][0].allclose(gradients[1][0], rtol: 1e-5, atol: 1e-5));
        Assert.True(gradients[0][1].allclose(gradients[1][1], rtol: 1e-5, atol: 1e-5));
        Assert.False(gradients[1][0].allclose(gradients[1][1], rtol: 1e-3, atol: 1e-3)); // the first pass did count
    }

    [Fact]
    public void ForwardAndBackward_OneOrTwoThreads_GiveBitIdenticalResults()
    {
        // 512·16·2·250 multiply-adds per pass: above the threshold where the loops split across threads.
        using var scope = NewDisposeScope();
        var generator = new Generator(9, device("cpu"));
        Tensor x0 = rand([512, 16], generator: generator) * Held(2.2f) - Held(1.1f);
        Tensor c = randn([512, 250], generator: generator);
        var results = new List<Tensor[]>();
        int threads = get_num_threads();
        try
        {
            foreach (int count in new[] { 1, 2 })
            {
                set_num_threads(count);
                HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 3, 40, 16, 250, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Fused);
                Tensor x = x0.clone().requires_grad_();
                Tensor y = layer.call(x);
                (y * c).sum().backward();
                results.Add([y.detach(), layer.Weight.grad!.clone(), x.grad!.clone()]);
            }
        }
        finally
        {
            set_num_threads(threads);
        }

        for (int k = 0; k < 3; k++)
        {
            Assert.True(results[0][k].eq(results[1][k]).all().item<bool>(), $"result {k} differs between 1 and 2 threads");
        }
    }

    [Fact]
    public void Forward_NaNInput_GivesNaNRowAndLeavesOtherRowsFinite()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer layer = HighOrderLayerTests.NewLayer(LinkKind.Discontinuous, 2, 16, 2, 3, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Fused);

        Tensor y = layer.call(tensor(new[] { float.NaN, 0.5f, 0.1f, -0.3f }).view(2, 2));

        Assert.True(y[0].isnan().all().item<bool>());
        Assert.True(y[1].isfinite().all().item<bool>());
    }

    [Fact]
    public void Forward_Float64_FallsBackToTheTensorFormulation()
    {
        using var scope = NewDisposeScope();
        HighOrderLayer fused = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 2, 32, 4, 5, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.Fused);
        HighOrderLayer gathered = HighOrderLayerTests.NewLayer(LinkKind.Continuous, 2, 32, 4, 5, OutOfRangePolicy.Extrapolate, PiecewiseAlgorithm.GatherActive);
        fused.to(ScalarType.Float64);
        gathered.to(ScalarType.Float64);
        Tensor x = linspace(-1.0, 1.0, 24, dtype: ScalarType.Float64).view(6, 4);

        Assert.True(fused.call(x).eq(gathered.call(x)).all().item<bool>());
    }
}
