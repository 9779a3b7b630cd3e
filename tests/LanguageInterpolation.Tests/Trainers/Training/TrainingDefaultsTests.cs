using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public sealed class TrainingDefaultsTests
{
    // One value for Lion's default learning rate, wherever a default Lion comes from.
    [Fact]
    public void LionLearningRate_IsOneValueEverywhere()
    {
        Assert.Equal(1e-4, OptimizerDefaults.LionLearningRate);
        Assert.Equal(OptimizerDefaults.LionLearningRate, TrainingDefaults.LearningRate);
        Assert.Equal(OptimizerDefaults.LionLearningRate, new TrainingOptions().Optimizer.LearningRate);
        Assert.Equal(OptimizerDefaults.LionLearningRate, new OptimizerOptions { Kind = OptimizerKind.Lion }.LearningRate);
        Assert.Equal(OptimizerKind.Lion, new TrainingOptions().Optimizer.Kind);
    }

    [Fact]
    public void Validate_NegativeTimeBudget_NamesItInSeconds()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingOptions { TimeBudget = TimeSpan.FromSeconds(-5) }.Validate());

        Assert.Contains("TimeBudget must be positive (got -5 s)", error.Message);
    }
}
