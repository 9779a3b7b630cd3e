using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp.Modules;
using Xunit;
using Transformer = LanguageInterpolation.Trainers.Networks.Transformer;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;

public class CausalTransformerTests
{
    private const int Classes = 6;

    // float32 forward against a float64 scalar reference: the sums run over at most 16 terms of magnitude
    // about 1, so float32 rounding stays below 1e-5; 1e-4 leaves room and still catches any wiring error.
    private const double ReferenceTolerance = 1e-4;

    [Fact]
    public void Forward_TinyTransformer_MatchesScalarReference()
    {
        using var network = (Transformer)TransformerTestNetworks.Build(TransformerConfig.TypeName, Classes);
        long[] ids = [3, 0, 5, 5, 1, 2, 4, 0, 1, 3];
        using var noGrad = no_grad();
        using Tensor logits = network.call(tensor(ids, [2, TransformerTestNetworks.Window]));           // (2, T, V)
        float[] actual = logits.data<float>().ToArray();

        for (int row = 0; row < 2; row++)
        {
            double[][] expected = ScalarTransformer.Logits(network, ids.Skip(row * TransformerTestNetworks.Window).Take(TransformerTestNetworks.Window).ToArray());
            for (int t = 0; t < TransformerTestNetworks.Window; t++)
            {
                for (int c = 0; c < Classes; c++)
                {
                    double got = actual[(row * TransformerTestNetworks.Window + t) * Classes + c];
                    Assert.True(Math.Abs(got - expected[t][c]) <= ReferenceTolerance, $"row {row}, position {t}, class {c}: {got} vs {expected[t][c]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Forward_ChangingALaterCharacter_LeavesEarlierPositionsUnchanged(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);
        using var noGrad = no_grad();
        using Tensor original = network.call(tensor(new long[] { 1, 2, 3, 4, 5 }, [1, 5]));
        using Tensor changed = network.call(tensor(new long[] { 1, 2, 3, 0, 5 }, [1, 5]));

        Assert.True(original.narrow(1, 0, 3).eq(changed.narrow(1, 0, 3)).all().item<bool>(), "positions before the change must not see it");
        Assert.False(original.narrow(1, 3, 2).allclose(changed.narrow(1, 3, 2)), "positions from the change on must see it");
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Forward_PermutedContext_ChangesTheLastPrediction(string type)
    {
        // The original was a bag of characters (attention over heads, mean over positions): order was invisible.
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);
        using var noGrad = no_grad();
        using Tensor original = network.NextCharacterLogits(tensor(new long[] { 1, 2, 3, 4, 5 }, [1, 5]));
        using Tensor permuted = network.NextCharacterLogits(tensor(new long[] { 4, 2, 1, 3, 5 }, [1, 5]));

        Assert.False(original.allclose(permuted, rtol: 0, atol: 1e-4));
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void ParameterCount_OfTheConfiguration_IsWhatTheModuleRegisters(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);

        Assert.Equal(network.ParameterCount, network.Config.ParameterCount());
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Decode_PrefillThenOneCharacterAtATime_GivesTheForwardLogits(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);
        using var noGrad = no_grad();
        using Tensor ids = tensor(TransformerTestNetworks.RandomIds(rows: 3, seed: 7, Classes), [3, TransformerTestNetworks.Window]);
        using Tensor full = network.call(ids);                                                          // (3, T, V)
        using KeyValueCache cache = network.NewCache();

        using Tensor prefill = network.Decode(ids.narrow(1, 0, 2), cache);
        Assert.True(prefill.allclose(full.narrow(1, 0, 2), rtol: 0, atol: 1e-5));
        for (int t = 2; t < TransformerTestNetworks.Window; t++)
        {
            using Tensor step = network.Decode(ids.narrow(1, t, 1), cache);                              // (3, 1, V)
            Assert.True(step.allclose(full.narrow(1, t, 1), rtol: 0, atol: 1e-5), $"position {t}");
        }
        Assert.Equal(TransformerTestNetworks.Window, cache.Length);
    }

    [Fact]
    public void SinusoidalTable_HasTheSineAndCosineOfPositionTimesFrequency()
    {
        // Width 4: frequencies 10000^0 = 1 for columns 0-1 and 10000^(-2/4) = 0.01 for columns 2-3.
        using Tensor table = CausalTransformerNetwork.SinusoidalTable(positions: 4, width: 4);

        float[] row3 = table[3].data<float>().ToArray();
        Assert.Equal([0f, 1f, 0f, 1f], table[0].data<float>().ToArray());
        Assert.Equal(Math.Sin(3), row3[0], 6);
        Assert.Equal(Math.Cos(3), row3[1], 6);
        Assert.Equal(Math.Sin(0.03), row3[2], 6);
        Assert.Equal(Math.Cos(0.03), row3[3], 6);
    }

    [Fact]
    public void SinusoidalPositions_AreNotTrainedNorSaved()
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(TransformerTestNetworks.Sinusoidal, classes: 11);

        Assert.DoesNotContain(network.named_parameters(), pair => pair.name == "positions");
        Assert.DoesNotContain("positions", network.state_dict().Keys);
        Assert.Equal(CausalTransformerNetwork.SinusoidalTable(TransformerTestNetworks.Window, 8).data<float>().ToArray(), network.Positions!.data<float>().ToArray());
    }

    [Fact]
    public void RotaryAngles_TurnEachPairByPositionTimesFrequency()
    {
        // Head width 4: pairs (x0, x2) at frequency 1 and (x1, x3) at 10000^(-2/4) = 0.01; position 3.
        (float[] cos, float[] sin) = RotaryAngles.Tables(positions: 4, headWidth: 4);
        var angles = new RotaryAngles(tensor(cos, [4, 4]).narrow(0, 3, 1), tensor(sin, [4, 4]).narrow(0, 3, 1));
        double[] x = [1, 2, 3, 4];

        float[] rotated = angles.Rotate(tensor(x.Select(v => (float)v).ToArray(), [1, 1, 1, 4])).data<float>().ToArray();

        double[] expected =
        [
            x[0] * Math.Cos(3) - x[2] * Math.Sin(3), x[1] * Math.Cos(0.03) - x[3] * Math.Sin(0.03),
            x[2] * Math.Cos(3) + x[0] * Math.Sin(3), x[3] * Math.Cos(0.03) + x[1] * Math.Sin(0.03),
        ];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], rotated[i], 5);
        }
    }

    [Fact]
    public void RotaryAngles_DotProductDependsOnlyOnThePositionDifference()
    {
        (float[] cos, float[] sin) = RotaryAngles.Tables(positions: 16, headWidth: 6);
        using Tensor cosTable = tensor(cos, [16, 6]);
        using Tensor sinTable = tensor(sin, [16, 6]);
        Tensor At(int position, float[] v) => new RotaryAngles(cosTable.narrow(0, position, 1), sinTable.narrow(0, position, 1)).Rotate(tensor(v, [1, 1, 1, 6]));
        float[] q = [0.3f, -1.2f, 0.7f, 2.0f, -0.4f, 1.1f];
        float[] k = [1.5f, 0.2f, -0.9f, 0.6f, 0.8f, -1.3f];

        double Score(int queryPosition, int keyPosition) => (At(queryPosition, q) * At(keyPosition, k)).sum().item<float>();

        Assert.Equal(Score(5, 2), Score(12, 9), 4);
        Assert.Equal(Score(3, 3), Score(0, 0), 4);
        Assert.NotEqual(Score(5, 2), Score(5, 4), 2);
    }

    [Fact]
    public void Validate_RotaryWithAnOddHeadWidth_NamesIt()
    {
        var config = new TransformerConfig { Width = 6, Heads = 2, Positions = PositionEncoding.Rotary }.WithShape(5, 7);

        var error = Assert.Throws<ArgumentException>(config.Validate);

        Assert.Contains("Rotary positions need an even head width (got 3: width 6 over 2 heads)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FullCache_SaysSo()
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(TransformerConfig.TypeName, Classes);
        using var noGrad = no_grad();
        using KeyValueCache cache = network.NewCache();
        using Tensor prefill = network.Decode(tensor(new long[] { 1, 2, 3, 4, 5 }, [1, 5]), cache);

        var error = Assert.Throws<ArgumentException>(() => network.Decode(tensor(new long[] { 1 }, [1, 1]), cache));

        Assert.Contains("5-character context cannot read ids of shape (1, 1) after 5 positions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_LongerThanTheWindow_SaysSo()
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(TransformerConfig.TypeName, Classes);

        var error = Assert.Throws<ArgumentException>(() => network.call(zeros([1, 6], dtype: ScalarType.Int64)));

        Assert.Contains("transformer with a 5-character context cannot read ids of shape (1, 6)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransformerConfig.TypeName)]
    [InlineData(HighOrderInputTransformerConfig.TypeName)]
    [InlineData(HighOrderTransformerConfig.TypeName)]
    public void Validate_HeadsNotDividingTheWidth_NamesBoth(string type)
    {
        NetworkConfig config = TransformerTestNetworks.Config(type, Classes) with { Width = 10, Heads = 4 };

        var error = Assert.Throws<ArgumentException>(() => config.Validate());

        Assert.Contains("Heads must divide Width (got 4 heads for width 10)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadHighOrderLayer_NamesTheLayer()
    {
        NetworkConfig config = new HighOrderTransformerConfig { BlockSegments = 0 }.WithShape(8, 10);

        var error = Assert.Throws<ArgumentException>(() => config.Validate());

        Assert.Contains("block layers:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Segments", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void TrainingStep_EveryParameterReceivesAGradient(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Classes);
        network.train();
        using Tensor ids = tensor(TransformerTestNetworks.RandomIds(rows: 4, seed: 3, Classes), [4, TransformerTestNetworks.Window]);
        using Tensor targets = tensor(TransformerTestNetworks.RandomIds(rows: 4, seed: 4, Classes), [4 * TransformerTestNetworks.Window]);

        using Tensor loss = nn.functional.cross_entropy(network.call(ids).view(-1, Classes), targets);
        loss.backward();

        foreach (var (name, parameter) in network.named_parameters())
        {
            Assert.True(parameter.grad is not null && parameter.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
        }
    }

    /// <summary>The transformer written as loops over doubles, from the module's weights.</summary>
    private static class ScalarTransformer
    {
        public static double[][] Logits(Transformer network, long[] ids)
        {
            int positions = ids.Length;
            double[,] table = Matrix(((TokenEmbedding)network.Tokens).Weight);
            double[,] position = Matrix(network.Positions!);
            double[][] x = Enumerable.Range(0, positions).Select(t => Enumerable.Range(0, table.GetLength(1)).Select(j => table[ids[t], j] + position[t, j]).ToArray()).ToArray();
            foreach (TransformerBlock block in network.Blocks)
            {
                double[][] attended = Attention(block.Attention, x.Select(row => Norm(block.AttentionNorm, row)).ToArray());
                x = x.Select((row, t) => row.Zip(attended[t], (a, b) => a + b).ToArray()).ToArray();
                var feedForward = (GeluFeedForward)block.FeedForward;
                double[][] fed = x.Select(row => Apply(feedForward.Contract, Apply(feedForward.Expand, Norm(block.FeedForwardNorm, row)).Select(Gelu).ToArray())).ToArray();
                x = x.Select((row, t) => row.Zip(fed[t], (a, b) => a + b).ToArray()).ToArray();
            }
            return x.Select(row => Apply(network.Head, Norm(network.FinalNorm, row))).ToArray();
        }

        private static double[][] Attention(CausalSelfAttention attention, double[][] x)
        {
            double[][] q = x.Select(row => Apply((Linear)attention.Query, row)).ToArray();
            double[][] k = x.Select(row => Apply((Linear)attention.Key, row)).ToArray();
            double[][] v = x.Select(row => Apply((Linear)attention.Value, row)).ToArray();
            int width = q[0].Length;
            int d = width / attention.Heads;
            var y = x.Select(_ => new double[width]).ToArray();
            for (int head = 0; head < attention.Heads; head++)
            {
                for (int t = 0; t < x.Length; t++)
                {
                    var scores = new double[t + 1];
                    for (int u = 0; u <= t; u++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            scores[u] += q[t][head * d + j] * k[u][head * d + j];
                        }
                        scores[u] /= Math.Sqrt(d);
                    }
                    double max = scores.Max();
                    double total = scores.Sum(s => Math.Exp(s - max));
                    for (int u = 0; u <= t; u++)
                    {
                        double p = Math.Exp(scores[u] - max) / total;
                        for (int j = 0; j < d; j++)
                        {
                            y[t][head * d + j] += p * v[u][head * d + j];
                        }
                    }
                }
            }
            return y.Select(row => Apply(attention.Output, row)).ToArray();
        }

        private static double[] Norm(LayerNormalization norm, double[] x)
        {
            double mean = x.Average();
            double variance = x.Sum(value => (value - mean) * (value - mean)) / x.Length;
            double[] gain = Vector(norm.Weight);
            double[] bias = Vector(norm.Bias);
            return x.Select((value, j) => (value - mean) / Math.Sqrt(variance + LayerNormalization.Epsilon) * gain[j] + bias[j]).ToArray();
        }

        private static double[] Apply(Linear linear, double[] x)
        {
            double[,] weight = Matrix(linear.weight!);
            double[] bias = Vector(linear.bias!);
            return Enumerable.Range(0, bias.Length).Select(o => bias[o] + Enumerable.Range(0, x.Length).Sum(i => weight[o, i] * x[i])).ToArray();
        }

        private static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

        // Maclaurin series; inputs here stay well inside |z| < 3, where 80 terms converge to double precision.
        private static double Erf(double z)
        {
            double term = z;
            double sum = z;
            for (int n = 1; n < 80; n++)
            {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        private static double[,] Matrix(Tensor tensor)
        {
            float[] values = tensor.detach().contiguous().data<float>().ToArray();
            int columns = (int)tensor.shape[1];
            var matrix = new double[tensor.shape[0], columns];
            for (int i = 0; i < values.Length; i++)
            {
                matrix[i / columns, i % columns] = values[i];
            }
            return matrix;
        }

        private static double[] Vector(Tensor tensor) => tensor.detach().data<float>().ToArray().Select(value => (double)value).ToArray();
    }
}
