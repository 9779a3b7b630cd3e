using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class MaxAbsNormalizationTests
{
    [Fact]
    public void Forward_HandExample_DividesEachRowByItsMaxAbsPlusEpsilon()
    {
        // Row 1: max|x| = 2; row 2: max|x| = 0.25.
        using var scope = NewDisposeScope();
        using var norm = new MaxAbsNormalization("norm");
        double[] y = norm.call(tensor(new[] { -2.0, 1.0, 0.5, 0.25, -0.125, 0.0 }, dtype: ScalarType.Float64).view(2, 3)).data<double>().ToArray();
        double[] expected = [-2 / 2.000001, 1 / 2.000001, 0.5 / 2.000001, 0.25 / 0.250001, -0.125 / 0.250001, 0.0];
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(expected[k], y[k], 14);
        }
    }

    [Fact]
    public void Forward_AllZeroRow_StaysZero()
    {
        using var scope = NewDisposeScope();
        using var norm = new MaxAbsNormalization("norm");
        Assert.Equal(new[] { 0f, 0f }, norm.call(zeros(1, 2)).data<float>().ToArray());
    }
}
