using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Kernels;

/// <summary>The fused layer-norm loops (what <see cref="LayerNormalization"/> runs on the CPU in float32) against a
/// hand-worked row, libtorch's own layer norm in float64 (an independent implementation), central differences of the
/// fused forward pass, and themselves at one and two threads.</summary>
[Collection(TorchThreadCount.Collection)]
public class FusedLayerNormTests
{
    [Fact]
    public void Forward_HandExampleWithGainAndBias_MatchesTheFormula()
    {
        // x = [1, 2, 3, 4]: mean 2.5, biased variance 1.25; y = (x - 2.5) / sqrt(1.25 + 1e-5) · γ + β.
        using var scope = NewDisposeScope();
        using var norm = new LayerNormalization("norm", 4);
        using (no_grad())
        {
            norm.Weight.copy_(tensor(new[] { 1f, 2f, -1f, 0.5f }));
            norm.Bias.copy_(tensor(new[] { 0f, 1f, 0f, -2f }));
        }
        float[] y = norm.call(tensor(new[] { 1f, 2f, 3f, 4f }).view(1, 4)).data<float>().ToArray();
        double sd = Math.Sqrt(1.25 + 1e-5);
        double[] expected = [-1.5 / sd, 2 * -0.5 / sd + 1, -(0.5 / sd), 0.5 * 1.5 / sd - 2];
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k], y[k], 5);
        }
    }

    [Theory]
    [InlineData(37, 13)]      // rows not a multiple of the 16-row blocks, width not a multiple of the vector width
    [InlineData(1000, 250)]   // large_standard's activations: two threads
    [InlineData(3, 1)]        // one column: every row normalises to the bias
    public void ForwardAndGradients_MatchLibtorchInFloat64(int rows, int width)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5, device("cpu"));
        Tensor x = (randn([rows, width], generator: generator) * Held(3)).add_(Held(1), One);
        Tensor upstream = randn([rows, width], generator: generator);
        Tensor gain = rand([width], generator: generator).add_(Held(0.5), One), bias = randn([width], generator: generator);

        (Tensor Y, Tensor Dx, Tensor Dgain, Tensor Dbias) Run(ScalarType type, bool fused)
        {
            Tensor input = x.to(type).clone().requires_grad_(true), g = gain.to(type).clone().requires_grad_(true), b = bias.to(type).clone().requires_grad_(true);
            Tensor y = fused
                ? FusedLayerNorm.Normalize(input, g, b, LayerNormalization.Epsilon)
                : nn.functional.layer_norm(input, [width], g, b, LayerNormalization.Epsilon);
            (y * upstream.to(type)).sum().backward();
            return (y.detach().to(ScalarType.Float64), input.grad!.to(ScalarType.Float64), g.grad!.to(ScalarType.Float64), b.grad!.to(ScalarType.Float64));
        }
        var fusedResult = Run(ScalarType.Float32, fused: true);
        var reference = Run(ScalarType.Float64, fused: false);

        // float32 against float64: relative rounding of a few 1e-7 per operation; the gain and bias gradients sum
        // up to 1,000 rows.
        Assert.True((fusedResult.Y - reference.Y).abs().max().item<double>() < 1e-5);
        Assert.True((fusedResult.Dx - reference.Dx).abs().max().item<double>() < 1e-4);
        Assert.True((fusedResult.Dgain - reference.Dgain).abs().max().item<double>() < 1e-3);
        Assert.True((fusedResult.Dbias - reference.Dbias).abs().max().item<double>() < 1e-3);
    }

    [Fact]
    public void InputGradient_MatchesCentralDifferencesOfTheFusedForward()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(8, device("cpu"));
        const int rows = 3, width = 11;
        Tensor x = randn([rows, width], generator: generator);
        Tensor weights = randn([rows, width], generator: generator);
        Tensor gain = rand([width], generator: generator).add_(Held(0.5), One), bias = randn([width], generator: generator);
        double Loss(Tensor input)
        {
            using var inner = NewDisposeScope();
            using var noGrad = no_grad();
            return (FusedLayerNorm.Normalize(input, gain, bias, LayerNormalization.Epsilon).to(ScalarType.Float64) * weights.to(ScalarType.Float64)).sum().item<double>();
        }
        Tensor leaf = x.clone().requires_grad_(true);
        (FusedLayerNorm.Normalize(leaf, gain, bias, LayerNormalization.Epsilon) * weights).sum().backward();
        float[] analytic = leaf.grad!.data<float>().ToArray();

        // float32 forward: a step of 1e-2 keeps rounding (~1e-6 / h) and the O(h²) term both near 1e-4.
        const float h = 1e-2f;
        for (int q = 0; q < rows * width; q++)
        {
            Tensor up = x.clone(), down = x.clone();
            up.view(-1)[q].add_(Held(h), One);
            down.view(-1)[q].sub_(Held(h));
            double difference = (Loss(up) - Loss(down)) / (2 * h);
            Assert.True(Math.Abs(difference - analytic[q]) < 2e-3, $"entry {q}: difference {difference}, analytic {analytic[q]}");
        }
    }

    [Fact]
    public void ThreeDimensionalInput_NormalisesTheLastDimension()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(2, device("cpu"));
        Tensor x = randn([4, 5, 6], generator: generator);
        using var norm = new LayerNormalization("norm", 6);
        Tensor y = norm.call(x);
        Assert.Equal(new long[] { 4, 5, 6 }, y.shape);
        Assert.True((y - nn.functional.layer_norm(x, [6], norm.Weight, norm.Bias, LayerNormalization.Epsilon)).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void NoRows_GiveAnEmptyOutput()
    {
        using var scope = NewDisposeScope();
        using var norm = new LayerNormalization("norm", 6);
        Assert.Equal(new long[] { 0, 6 }, norm.call(zeros(0, 6)).shape);
    }

    [Fact]
    public void Covers_OnlyFloat32OnTheCpu()
    {
        using var scope = NewDisposeScope();
        Tensor gain = ones(3), bias = zeros(3);
        Assert.True(FusedLayerNorm.Covers(zeros(2, 3), gain, bias));
        Assert.False(FusedLayerNorm.Covers(zeros(2, 3, dtype: ScalarType.Float64), gain.to(ScalarType.Float64), bias.to(ScalarType.Float64)));
        Assert.False(FusedLayerNorm.Covers(zeros(2, 3), ones(6)[TensorIndex.Slice(step: 2)], bias));   // a strided gain
        Assert.False(FusedLayerNorm.Covers(zeros(2, 4), gain, bias));                                 // another width
    }

    [Fact]
    public void Forward_WrongWidth_FailsNamingTheShapes()
    {
        using var scope = NewDisposeScope();
        using var norm = new LayerNormalization("norm", 3);
        Exception error = Assert.ThrowsAny<Exception>(() => norm.call(zeros(2, 4)));
        Assert.Contains("4", error.Message);
    }

    [Fact]
    public void OneOrTwoThreads_GiveBitIdenticalResults()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(13, device("cpu"));
        Tensor x = randn([1000, 250], generator: generator), upstream = randn([1000, 250], generator: generator);
        Tensor gain = rand([250], generator: generator), bias = randn([250], generator: generator);
        var results = new List<Tensor[]>();
        int threads = get_num_threads();
        try
        {
            foreach (int count in new[] { 1, 2 })
            {
                set_num_threads(count);
                Tensor input = x.clone().requires_grad_(true), g = gain.clone().requires_grad_(true), b = bias.clone().requires_grad_(true);
                Tensor y = FusedLayerNorm.Normalize(input, g, b, LayerNormalization.Epsilon);
                (y * upstream).sum().backward();
                results.Add([y.detach(), input.grad!, g.grad!, b.grad!]);
            }
        }
        finally
        {
            set_num_threads(threads);
        }

        for (int k = 0; k < 4; k++)
        {
            Assert.True(results[0][k].eq(results[1][k]).all().item<bool>(), $"result {k}");
        }
    }
}
