using LanguageInterpolation.Trainers.Layers;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Layers;

public class NormalizationTests
{
    [Theory]
    [InlineData(NormalizationKind.LayerNorm, typeof(LayerNormalization))]
    [InlineData(NormalizationKind.MaxAbs, typeof(MaxAbsNormalization))]
    [InlineData(NormalizationKind.MaxCenter, typeof(MaxCenterNormalization))]
    [InlineData(NormalizationKind.None, typeof(IdentityNormalization))]
    public void Create_EachKind_GivesItsModule(NormalizationKind kind, Type expected)
    {
        using var module = Normalization.Create(kind, 4);
        Assert.IsType(expected, module);
    }

    [Fact]
    public void Create_ZeroWidth_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.Create(NormalizationKind.LayerNorm, 0));
    }
}
