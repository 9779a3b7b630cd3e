using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class LagrangeBasisTests
{
    [Theory]
    [InlineData(1, new[] { 0.0 })]
    [InlineData(2, new[] { -1.0, 1.0 })]
    [InlineData(3, new[] { -1.0, 0.0, 1.0 })]
    [InlineData(4, new[] { -1.0, -0.5, 0.5, 1.0 })]                          // -cos(pi/3) = -0.5
    [InlineData(5, new[] { -1.0, -0.70710678118654752, 0.0, 0.70710678118654752, 1.0 })] // -cos(pi/4)
    public void ChebyshevLobattoNodes_SmallN_GiveHandComputedNodes(int n, double[] expected)
    {
        double[] nodes = LagrangeBasis.ChebyshevLobattoNodes(n);
        Assert.Equal(expected.Length, nodes.Length);
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(expected[j], nodes[j], 15);
        }
    }

    [Fact]
    public void ChebyshevLobattoNodes_ZeroNodes_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LagrangeBasis.ChebyshevLobattoNodes(0));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(9)]
    public void Evaluate_AtNodes_IsKroneckerDelta(int n)
    {
        using var scope = NewDisposeScope();
        double[] nodes = LagrangeBasis.ChebyshevLobattoNodes(n);
        double[] values = LagrangeBasis.Evaluate(tensor(nodes, dtype: ScalarType.Float64), n).data<double>().ToArray(); // (n, n) row k = l_j(X_k)
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(j == k ? 1.0 : 0.0, values[k * n + j], 12);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Evaluate_RandomPoints_SumsToOne(int n)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7, device("cpu"));
        Tensor t = rand([50], ScalarType.Float64, generator: generator) * Held(3) - Held(1.5); // inside and outside [-1, 1]
        Tensor sum = LagrangeBasis.Evaluate(t, n).sum(-1);
        Assert.True(sum.sub(Held(1)).abs().max().item<double>() < 1e-10);
    }

    [Fact]
    public void Evaluate_ThreeNodesAtHalf_GivesHandComputedValues()
    {
        // Nodes -1, 0, 1 at t = 0.5:
        // l_0 = (t-0)(t-1)/((-1-0)(-1-1)) = (0.5)(-0.5)/2    = -0.125
        // l_1 = (t+1)(t-1)/((0+1)(0-1))   = (1.5)(-0.5)/(-1) =  0.75
        // l_2 = (t+1)(t-0)/((1+1)(1-0))   = (1.5)(0.5)/2     =  0.375
        using var scope = NewDisposeScope();
        double[] values = LagrangeBasis.Evaluate(tensor(new[] { 0.5 }, dtype: ScalarType.Float64), 3).data<double>().ToArray();
        Assert.Equal(new[] { -0.125, 0.75, 0.375 }, values);
    }

    [Fact]
    public void Evaluate_FourNodesAtZero_GivesHandComputedValues()
    {
        // Nodes -1, -0.5, 0.5, 1 at t = 0:
        // l_0 = (0+0.5)(0-0.5)(0-1)/((-1+0.5)(-1-0.5)(-1-1)) = 0.25/(-1.5) = -1/6
        // l_1 = (0+1)(0-0.5)(0-1)/((-0.5+1)(-0.5-0.5)(-0.5-1)) = 0.5/0.75 = 2/3; l_2, l_3 by symmetry.
        using var scope = NewDisposeScope();
        double[] values = LagrangeBasis.Evaluate(tensor(new[] { 0.0 }, dtype: ScalarType.Float64), 4).data<double>().ToArray();
        double[] expected = [-1.0 / 6, 2.0 / 3, 2.0 / 3, -1.0 / 6];
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(expected[j], values[j], 14);
        }
    }

    [Fact]
    public void Evaluate_TwoNodes_IsHatPair()
    {
        // n = 2: l_0 = (1 - t)/2, l_1 = (1 + t)/2, also outside [-1, 1] (linear extrapolation).
        using var scope = NewDisposeScope();
        double[] values = LagrangeBasis.Evaluate(tensor(new[] { 0.5, -3.0 }, dtype: ScalarType.Float64), 2).data<double>().ToArray();
        Assert.Equal(new[] { 0.25, 0.75, 2.0, -1.0 }, values);
    }

    [Fact]
    public void Evaluate_OneNode_IsConstantOne()
    {
        using var scope = NewDisposeScope();
        Tensor values = LagrangeBasis.Evaluate(tensor(new[] { -0.3f, 4.0f }), 1);
        Assert.Equal(new long[] { 2, 1 }, values.shape);
        Assert.Equal(new[] { 1f, 1f }, values.data<float>().ToArray());
    }

    [Fact]
    public void Evaluate_Derivative_MatchesHandComputedDerivative()
    {
        // n = 3: d l_0/dt = (2t - 1)/2, d l_1/dt = -2t, d l_2/dt = (2t + 1)/2. At t = 0.5 with weights (1, 2, 4):
        // 1·0 + 2·(-1) + 4·1 = 2.
        using var scope = NewDisposeScope();
        Tensor t = tensor(new[] { 0.5 }, dtype: ScalarType.Float64).requires_grad_();
        Tensor value = (LagrangeBasis.Evaluate(t, 3) * tensor(new[] { 1.0, 2.0, 4.0 }, dtype: ScalarType.Float64)).sum();
        value.backward();
        Assert.Equal(2.0, t.grad!.item<double>(), 12);
    }

    [Fact]
    public void Evaluate_ShapeWithLeadingDimensions_AppendsNodeDimension()
    {
        using var scope = NewDisposeScope();
        Tensor values = LagrangeBasis.Evaluate(zeros(4, 3, 2), 5);
        Assert.Equal(new long[] { 4, 3, 2, 5 }, values.shape);
    }
}
