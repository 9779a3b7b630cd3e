using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks.Mamba;

public class SelectiveScanTests
{
    // float64 throughout: the chunked and sequential forms differ only by the order of a few multiply-adds, far
    // below the 1e-5.
    private const double Tolerance = 1e-5;

    private static (Tensor Decay, Tensor Input, Tensor Initial) Draw(int batch, int steps, int channels, int states, int seed)
    {
        using var generator = new Generator((ulong)seed);
        Tensor decay = rand([batch, steps, channels, states], ScalarType.Float64, generator: generator);       // a in (0, 1), as exp(Δ A)
        Tensor input = randn([batch, steps, channels, states], ScalarType.Float64, generator: generator);
        Tensor initial = randn([batch, channels, states], ScalarType.Float64, generator: generator);
        return (decay, input, initial);
    }

    [Fact]
    public void Sequential_SmallCase_MatchesAPlainScalarLoop()
    {
        TorchTestSettings.UseOneThread();
        (Tensor decay, Tensor input, Tensor initial) = Draw(2, 7, 3, 2, seed: 1);
        using Tensor states = SelectiveScan.Sequential(decay, input, initial);
        double[] a = decay.data<double>().ToArray(), b = input.data<double>().ToArray(), h0 = initial.data<double>().ToArray(), h = states.data<double>().ToArray();
        for (int batch = 0; batch < 2; batch++)
        {
            for (int cell = 0; cell < 6; cell++)
            {
                double state = h0[batch * 6 + cell];
                for (int t = 0; t < 7; t++)
                {
                    int at = (batch * 7 + t) * 6 + cell;
                    state = a[at] * state + b[at];
                    Assert.Equal(state, h[at], 12);
                }
            }
        }
    }

    [Theory]
    [InlineData(64, 0)]
    [InlineData(64, 5)]    // 13 chunks, the last one padded
    [InlineData(37, 0)]    // ⌈√37⌉ = 7: 6 chunks, padded
    [InlineData(3, 2)]
    [InlineData(1, 0)]
    public void Chunked_AnyLengthAndChunk_MatchesSequentialValuesAndGradients(int steps, int chunk)
    {
        TorchTestSettings.UseOneThread();
        (Tensor decay, Tensor input, Tensor initial) = Draw(2, steps, 3, 4, seed: steps + chunk);
        using Tensor weights = randn([2, steps, 3, 4], ScalarType.Float64);

        (Tensor Value, Tensor[] Gradients) Run(Func<Tensor, Tensor, Tensor, Tensor> scan)
        {
            Tensor a = decay.detach().requires_grad_(), b = input.detach().requires_grad_(), h0 = initial.detach().requires_grad_();
            Tensor states = scan(a, b, h0);
            (states * weights).sum().backward();
            return (states.detach(), [a.grad!, b.grad!, h0.grad!]);
        }

        var expected = Run((a, b, h0) => SelectiveScan.Sequential(a, b, h0));
        var actual = Run((a, b, h0) => SelectiveScan.Chunked(a, b, h0, chunk));

        Assert.True(expected.Value.allclose(actual.Value, rtol: 0, atol: Tolerance), "states");
        for (int i = 0; i < 3; i++)
        {
            double worst = (expected.Gradients[i] - actual.Gradients[i]).abs().max().item<double>();
            Assert.True(worst <= Tolerance, $"gradient {i}: max difference {worst:E2}");
        }
    }

    [Fact]
    public void Chunked_NoInitialState_StartsFromZero()
    {
        TorchTestSettings.UseOneThread();
        (Tensor decay, Tensor input, _) = Draw(1, 20, 2, 2, seed: 3);

        using Tensor fromNull = SelectiveScan.Chunked(decay, input, initial: null);
        using Tensor fromZero = SelectiveScan.Sequential(decay, input, zeros([1, 2, 2], ScalarType.Float64));

        Assert.True(fromNull.allclose(fromZero, rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void Chunked_MismatchedShapes_NamesBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => SelectiveScan.Chunked(zeros(1, 4, 2, 2), zeros(1, 4, 2, 3)));

        Assert.Contains("(1, 4, 2, 2) and (1, 4, 2, 3)", error.Message, StringComparison.Ordinal);
    }
}
