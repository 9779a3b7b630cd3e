using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Kernels;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

/// <summary>The fused dense layer (what <see cref="LowOrderMlp"/> runs on the CPU in float32 with 512-bit vectors)
/// against libtorch's linear layer and its autograd in float64, an independent implementation.</summary>
public class FusedLinearTests
{
    [Theory]
    [InlineData(1000, 250, 250)]  // large_standard's hidden layer
    [InlineData(37, 19, 5)]       // nothing a multiple of a tile
    public void ForwardAndGradients_MatchLibtorchInFloat64(int batch, int inputs, int outputs)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(6, device("cpu"));
        Tensor x = randn([batch, inputs], generator: generator), w = randn([outputs, inputs], generator: generator);
        Tensor b = randn([outputs], generator: generator), upstream = randn([batch, outputs], generator: generator);
        Assert.Equal(MatrixKernels.IsAvailable, FusedLinear.Covers(x, w, b));

        (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) Run(ScalarType type, bool fused)
        {
            Tensor input = x.to(type).clone().requires_grad_(true), weight = w.to(type).clone().requires_grad_(true), bias = b.to(type).clone().requires_grad_(true);
            Tensor y = fused ? FusedLinear.Apply(input, weight, bias) : nn.functional.linear(input, weight, bias);
            (y * upstream.to(type)).sum().backward();
            return (y.detach().to(ScalarType.Float64), input.grad!.to(ScalarType.Float64), weight.grad!.to(ScalarType.Float64), bias.grad!.to(ScalarType.Float64));
        }
        var fusedResult = Run(ScalarType.Float32, fused: true);
        var reference = Run(ScalarType.Float64, fused: false);

        // float32 sums of up to 1,000 products of unit normals: errors of a few 1e-5 relative to √terms.
        Assert.True(fusedResult.Y.allclose(reference.Y, rtol: 1e-4, atol: 1e-4), "y");
        Assert.True(fusedResult.Dx.allclose(reference.Dx, rtol: 1e-4, atol: 1e-4), "dx");
        Assert.True(fusedResult.Dw.allclose(reference.Dw, rtol: 1e-4, atol: 5e-4), "dW");
        Assert.True(fusedResult.Db.allclose(reference.Db, rtol: 1e-4, atol: 5e-4), "db");
    }

    [Fact]
    public void Backward_WithGradientsSet_AddsIntoThem()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7, device("cpu"));
        Tensor x = randn([20, 9], generator: generator).requires_grad_(true);
        Tensor weight = randn([4, 9], generator: generator).requires_grad_(true), bias = randn([4], generator: generator).requires_grad_(true);
        Tensor upstream = randn([20, 4], generator: generator);

        (FusedLinear.Apply(x, weight, bias) * upstream).sum().backward();
        Tensor[] once = [weight.grad!.clone(), bias.grad!.clone(), x.grad!.clone()];
        (FusedLinear.Apply(x, weight, bias) * upstream).sum().backward();

        Assert.True(weight.grad!.allclose(once[0] * Held(2), rtol: 1e-6, atol: 1e-6), "weight");
        Assert.True(bias.grad!.allclose(once[1] * Held(2), rtol: 1e-6, atol: 1e-6), "bias");
        Assert.True(x.grad!.allclose(once[2] * Held(2), rtol: 1e-6, atol: 1e-6), "input");
    }

    [Fact]
    public void Covers_OnlyFloat32MatricesWithAMatchingWeightAndBias()
    {
        using var scope = NewDisposeScope();
        Tensor x = zeros(3, 4), weight = zeros(5, 4), bias = zeros(5);

        Assert.Equal(MatrixKernels.IsAvailable, FusedLinear.Covers(x, weight, bias));
        Assert.False(FusedLinear.Covers(x.to(ScalarType.Float64), weight, bias));
        Assert.False(FusedLinear.Covers(zeros(2, 3, 4), weight, bias));
        Assert.False(FusedLinear.Covers(x, zeros(5, 3), bias));
        Assert.False(FusedLinear.Covers(x, weight, zeros(4)));
        Assert.False(FusedLinear.Covers(x, weight, null));
        Assert.False(FusedLinear.Covers(x, weight.t(), bias));   // not contiguous
    }
}
