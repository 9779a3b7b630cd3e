using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks.Mamba;

public class MambaNetworkTests
{
    private const int Classes = 11;

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void ParameterCount_Built_IsTheConfigurationsCount(string type)
    {
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes);

        Assert.Equal(network.Config.ParameterCount(), network.ParameterCount);
        Assert.Equal(NetworkOutput.EveryPosition, network.Output);
    }

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Forward_ChangingALaterCharacter_LeavesEarlierLogitsAlone(string type)
    {
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes);
        long[] ids = MambaTestNetworks.RandomIds(rows: 2, seed: 3, Classes);
        long[] changed = (long[])ids.Clone();
        changed[4] = (changed[4] + 1) % Classes;                                            // row 0, position 4

        using var noGrad = no_grad();
        using Tensor before = network.call(tensor(ids, [2, MambaTestNetworks.Window]));
        using Tensor after = network.call(tensor(changed, [2, MambaTestNetworks.Window]));

        Assert.True(before[0, ..4].allclose(after[0, ..4], rtol: 0, atol: 0), "positions before the change");
        Assert.False(before[0, 4].allclose(after[0, 4]), "the changed position");
        Assert.True(before[1].allclose(after[1], rtol: 0, atol: 0), "the other row");
    }

    // Pieces and whole text run the same kernels on differently cut tensors; float32 sums agree to a few ulps.
    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Decode_PromptThenOneCharacterAtATime_GivesTheForwardLogits(string type)
    {
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes, window: 12);
        long[] ids = MambaTestNetworks.RandomIds(rows: 2, seed: 5, Classes, window: 12);
        using var noGrad = no_grad();
        using Tensor text = tensor(ids, [2, 12]);
        using Tensor expected = network.call(text);
        using MambaState state = network.NewState(batch: 2);

        var pieces = new List<Tensor> { network.Decode(text[.., ..5], state) };
        for (int t = 5; t < 12; t++)
        {
            pieces.Add(network.Decode(text[.., t..(t + 1)], state));
        }
        using Tensor actual = cat(pieces, 1);

        Assert.Equal(12, state.Length);
        double worst = (expected - actual).abs().max().item<float>();
        Assert.True(worst <= 1e-5, $"max |forward - decode| = {worst:E2}");
    }

    [Fact]
    public void Block_StandardProjections_MatchesAPlainStepByStepEvaluation()
    {
        TorchTestSettings.UseOneThread();
        using var generator = new Generator(7);
        var config = new StandardMambaConfig { Width = 4, Blocks = 1, StateSize = 3, ConvolutionKernel = 3, DeltaRank = 2 }.WithShape(5, 6);
        using var network = (MambaNetwork)config.Build(generator);
        network.to(ScalarType.Float64);
        MambaBlock block = network.Blocks[0];
        using Tensor x = randn([1, 5, 4], ScalarType.Float64, generator: generator);
        using var noGrad = no_grad();

        using Tensor actual = block.call(x);

        Tensor Linear(nn.Module<Tensor, Tensor> module, Tensor v) => ((Linear)module).weight!.matmul(v).add(((Linear)module).bias ?? zeros(1, ScalarType.Float64), One);
        Tensor silu(Tensor v) => v / (-v).exp().add(Held(1), One);
        var inputs = new List<Tensor>();                                                    // the convolution's inputs so far
        Tensor h = zeros([8, 3], ScalarType.Float64);
        for (int t = 0; t < 5; t++)
        {
            Tensor xt = x[0, t];
            Tensor normed = xt / (xt * xt).mean().add(Held(1e-5), One).sqrt() * block.Norm.Weight;
            Tensor projected = Linear(block.InProjection, normed);
            Tensor branch = projected[..8], gate = projected[8..];
            inputs.Add(branch);
            Tensor convolved = block.ConvolutionBias.clone();
            for (int k = 0; k < 3; k++)                                                     // tap k reads position t - (2 - k)
            {
                int source = t - (2 - k);
                if (source >= 0)
                {
                    convolved = convolved.add(block.ConvolutionWeight[.., 0, k] * inputs[source], One);
                }
            }
            Tensor u = silu(convolved);
            Tensor selection = Linear(block.SelectionProjection, u);
            Tensor delta = Linear(block.DeltaProjection, selection[..2]).exp().add(Held(1), One).log();     // softplus
            Tensor b = selection[2..5], c = selection[5..8];
            for (int d = 0; d < 8; d++)
            {
                for (int n = 0; n < 3; n++)
                {
                    double a = -Math.Exp(block.LogDecay[d, n].item<double>());
                    double dt = delta[d].item<double>();
                    h[d, n] = Math.Exp(dt * a) * h[d, n].item<double>() + dt * b[n].item<double>() * u[d].item<double>();
                }
            }
            Tensor y = (h * c).sum(1).add(block.Skip * u, One);
            Tensor expected = xt.add(Linear(block.OutProjection, y * silu(gate)), One);
            Assert.True(expected.allclose(actual[0, t], rtol: 0, atol: 1e-10), $"position {t}");
        }
    }

    // Central differences in float64 with step 1e-6: truncation error O(h²·f''') ~ 1e-12, rounding ~ 1e-16/h = 1e-10,
    // so 1e-6 leaves ample room while catching any wrong derivative.
    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Backward_TinyNetwork_MatchesFiniteDifferences(string type)
    {
        TorchTestSettings.UseOneThread();
        using MambaNetwork network = MambaTestNetworks.Build(type, Classes, window: 4);
        network.to(ScalarType.Float64);
        long[] ids = MambaTestNetworks.RandomIds(rows: 1, seed: 9, Classes, window: 4);
        using Tensor text = tensor(ids, [1, 4]);
        using Tensor weights = randn([1, 4, Classes], ScalarType.Float64, generator: new Generator(2));
        double Loss() => (network.call(text) * weights).sum().item<double>();
        network.zero_grad();
        (network.call(text) * weights).sum().backward();
        var random = new Random(4);
        foreach (var (name, parameter) in network.named_parameters())
        {
            using var noGrad = no_grad();
            Tensor flat = parameter.view(-1);
            Tensor gradient = parameter.grad!.view(-1);
            for (int probe = 0; probe < 2; probe++)
            {
                long i = random.NextInt64(flat.shape[0]);
                double original = flat[i].item<double>();
                flat[i] = original + 1e-6;
                double plus = Loss();
                flat[i] = original - 1e-6;
                double minus = Loss();
                flat[i] = original;
                double numeric = (plus - minus) / 2e-6;
                Assert.True(Math.Abs(numeric - gradient[i].item<double>()) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{name}[{i}]: finite differences {numeric}, autograd {gradient[i].item<double>()}");
            }
        }
    }

    [Fact]
    public void Validate_BadFields_NamesEveryOne()
    {
        var config = new HighOrderMambaConfig { Width = 0, StateSize = 0, ProjectionLayers = 0, DeltaRank = -1 }.WithShape(8, 5);

        var error = Assert.Throws<ArgumentException>(() => config.Validate());

        foreach (string field in new[] { "Width", "StateSize", "ProjectionLayers", "DeltaRank" })
        {
            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_StateOfAnotherBatch_SaysSo()
    {
        using MambaNetwork network = MambaTestNetworks.Build(StandardMambaConfig.TypeName, Classes);
        using MambaState state = network.NewState(batch: 2);

        var error = Assert.Throws<ArgumentException>(() => network.Decode(zeros([3, 1], ScalarType.Int64), state));

        Assert.Contains("The state holds 2 texts", error.Message, StringComparison.Ordinal);
    }
}
