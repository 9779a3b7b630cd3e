using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class MaxCenterNormalizationTests
{
    [Fact]
    public void Forward_HandExample_MapsEachRowOntoUnitInterval()
    {
        // Row 1 [1, 3, 2]: mid 2, half range 1 -> [-1, 1, 0]/(1 + 1e-6).
        // Row 2 [-4, 0, 6]: mid 1, half range 5 -> [-5, -1, 5]/(5 + 1e-6).
        using var scope = NewDisposeScope();
        using var norm = new MaxCenterNormalization("norm");
        double[] y = norm.call(tensor(new[] { 1.0, 3.0, 2.0, -4.0, 0.0, 6.0 }, dtype: ScalarType.Float64).view(2, 3)).data<double>().ToArray();
        double[] expected = [-1 / 1.000001, 1 / 1.000001, 0.0, -5 / 5.000001, -1 / 5.000001, 5 / 5.000001];
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(expected[k], y[k], 14);
        }
    }
}
