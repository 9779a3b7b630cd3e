using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class InputRangeTests
{
    private static readonly double[] X = [-5.5, -3.0, -1.5, -1.0, -0.25, 0.0, 0.75, 1.0, 1.5, 3.0, 4.2];

    [Fact]
    public void Apply_Extrapolate_LeavesInputUnchanged()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(X, InputRange.Apply(tensor(X, dtype: ScalarType.Float64), OutOfRangePolicy.Extrapolate).data<double>().ToArray());
    }

    [Fact]
    public void Apply_Clamp_ClampsToUnitInterval()
    {
        using var scope = NewDisposeScope();
        double[] expected = [-1, -1, -1, -1, -0.25, 0, 0.75, 1, 1, 1, 1];
        Assert.Equal(expected, InputRange.Apply(tensor(X, dtype: ScalarType.Float64), OutOfRangePolicy.Clamp).data<double>().ToArray());
    }

    [Fact]
    public void Apply_MirrorFold_MirrorsAtEveryBoundary()
    {
        // Mirror at ±1: 1.5 -> 0.5, 3 -> -1 (two reflections), -1.5 -> -0.5, -3 -> 1, 4.2 -> 4.2 - 4 = 0.2 (one period),
        // -5.5 -> -5.5 + 4 = -1.5 -> -0.5.
        using var scope = NewDisposeScope();
        double[] expected = [-0.5, 1, -0.5, -1, -0.25, 0, 0.75, 1, 0.5, -1, 0.2];
        double[] actual = InputRange.Apply(tensor(X, dtype: ScalarType.Float64), OutOfRangePolicy.MirrorFold).data<double>().ToArray();
        for (int k = 0; k < X.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 12);
        }
    }

    [Fact]
    public void Apply_MirrorFold_ReversesGradientOnMirroredStretch()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new[] { 0.5, 1.5 }, dtype: ScalarType.Float64).requires_grad_();
        InputRange.Apply(x, OutOfRangePolicy.MirrorFold).sum().backward();
        Assert.Equal(new[] { 1.0, -1.0 }, x.grad!.data<double>().ToArray());
    }
}
