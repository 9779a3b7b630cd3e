using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class ScheduleOptionsTests
{
    [Fact]
    public void Ctor_Default_PinsTheDefaults()
    {
        var options = new ScheduleOptions();

        Assert.Equal(ScheduleKind.ReduceOnPlateau, options.Kind);
        Assert.Equal(5, options.PlateauPatience);
        Assert.Equal(0.1, options.PlateauFactor);
        Assert.Equal(1e-4, options.PlateauThreshold);
        Assert.Equal(0.9, options.ExponentialGamma);
        Assert.Equal(1e-7, options.MinLearningRate);
        Assert.Equal(0, options.CosineEpochs);
        options.Validate();
    }

    [Fact]
    public void Validate_SeveralBadFields_NamesEveryOne()
    {
        var options = new ScheduleOptions
        {
            PlateauPatience = -1,
            PlateauFactor = 1,
            PlateauThreshold = -0.1,
            ExponentialGamma = 0,
            MinLearningRate = double.NaN,
            CosineEpochs = -3,
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        foreach (string field in new[] { "PlateauPatience", "PlateauFactor", "PlateauThreshold", "ExponentialGamma", "MinLearningRate", "CosineEpochs" })
        {
            Assert.Contains(field, error.Message);
        }
    }
}
