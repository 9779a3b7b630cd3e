using LanguageInterpolation.Trainers.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class IdentityNormalizationTests
{
    [Fact]
    public void Forward_ReturnsInputValues_AndDisposingOutputKeepsInput()
    {
        using var scope = NewDisposeScope();
        using var norm = new IdentityNormalization("norm");
        Tensor x = tensor(new[] { 1.5f, -2f });
        norm.call(x).Dispose();
        Assert.Equal(new[] { 1.5f, -2f }, x.data<float>().ToArray());
    }
}
