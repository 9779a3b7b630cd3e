using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class FourierBasisTests
{
    [Fact]
    public void Evaluate_FiveFunctionsAtQuarter_GivesHandComputedValues()
    {
        // x = 0.25: 0.5, sin(pi/4), cos(pi/4), sin(pi/2) = 1, cos(pi/2) = 0.
        using var scope = NewDisposeScope();
        double[] values = FourierBasis.Evaluate(tensor(new[] { 0.25 }, dtype: ScalarType.Float64), 5).data<double>().ToArray();
        double[] expected = [0.5, Math.Sqrt(0.5), Math.Sqrt(0.5), 1.0, 0.0];
        for (int j = 0; j < 5; j++)
        {
            Assert.Equal(expected[j], values[j], 14);
        }
    }

    [Fact]
    public void Evaluate_ShiftByPeriodTwo_GivesSameValues()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new[] { -0.7, 0.1, 0.9 }, dtype: ScalarType.Float64);
        Tensor difference = FourierBasis.Evaluate(x, 7) - FourierBasis.Evaluate(x.add(Held(2), One), 7);
        Assert.True(difference.abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void Evaluate_OneFunction_IsHalf()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new[] { 0.5f, 0.5f }, FourierBasis.Evaluate(tensor(new[] { -3f, 0.2f }), 1).data<float>().ToArray());
    }
}
