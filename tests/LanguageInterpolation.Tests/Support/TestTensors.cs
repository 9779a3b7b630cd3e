using TorchSharp;
using TorchSharp.Modules;
using Xunit;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Small float32 parameters with hand-written gradients, and element-wise comparisons.</summary>
public static class TestTensors
{
    /// <summary>A float32 parameter holding <paramref name="values"/> on <paramref name="device"/>.</summary>
    public static Parameter Parameter(string device, params float[] values)
    {
        using var data = torch.tensor(values, device: torch.device(device));
        return torch.nn.Parameter(data);
    }

    /// <summary>Sets the parameter's gradient to <paramref name="values"/> (what a backward pass would leave).</summary>
    public static void SetGradient(Parameter parameter, params float[] values)
    {
        using var gradient = torch.tensor(values, device: parameter.device);
        parameter.grad = gradient;
    }

    /// <summary>The tensor's values, copied to the CPU as doubles.</summary>
    public static double[] Values(torch.Tensor tensor)
    {
        using var cpu = tensor.detach().cpu();
        return cpu.data<float>().ToArray().Select(value => (double)value).ToArray();
    }

    /// <summary>The live state buffer named <paramref name="name"/>.</summary>
    public static torch.Tensor State(LanguageInterpolation.Trainers.Optimizers.IParameterOptimizer optimizer, string name) =>
        optimizer.StateTensors().Single(entry => entry.Name == name).Tensor;

    /// <summary>Asserts every element is within <paramref name="tolerance"/> of the expected value.</summary>
    public static void AssertClose(double[] expected, torch.Tensor actual, double tolerance)
    {
        double[] values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - values[i]) <= tolerance,
                $"element {i}: expected {expected[i]:R}, got {values[i]:R} (tolerance {tolerance})");
        }
    }
}
