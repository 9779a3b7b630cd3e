using LanguageInterpolation.Trainers.Optimizers;
using Xunit;
using static LanguageInterpolation.Tests.Support.TestTensors;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class OptimizerFactoryTests
{
    [Theory]
    [InlineData(OptimizerKind.Lion, typeof(Lion))]
    [InlineData(OptimizerKind.SparseLion, typeof(SparseLion))]
    [InlineData(OptimizerKind.Adam, typeof(Adam))]
    [InlineData(OptimizerKind.AdamW, typeof(AdamW))]
    public void Create_EachKind_BuildsThatOptimizerWithTheOptionsLearningRate(OptimizerKind kind, Type expected)
    {
        using var p = Parameter("cpu", 1f, 2f);

        using var optimizer = OptimizerFactory.Create([p], new OptimizerOptions { Kind = kind, LearningRate = 0.25 });

        Assert.IsType(expected, optimizer);
        Assert.Equal(kind, ((ParameterOptimizer)optimizer).Kind);
        Assert.Equal(0.25, optimizer.LearningRate);
        Assert.Equal(0, optimizer.StepCount);
    }

    [Fact]
    public void Create_OptionsHyperparameters_ReachTheOptimizer()
    {
        using var p = Parameter("cpu", 1f);

        using var optimizer = OptimizerFactory.Create(
            [p], new OptimizerOptions { Kind = OptimizerKind.AdamW, Beta1 = 0.8, Beta2 = 0.95, WeightDecay = 0.3, Epsilon = 1e-6 });

        var adamW = Assert.IsType<AdamW>(optimizer);
        Assert.Equal((0.8, 0.95, 0.3, 1e-6), (adamW.Beta1, adamW.Beta2, adamW.WeightDecay, adamW.Epsilon));
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsNamingTheField()
    {
        using var p = Parameter("cpu", 1f);

        var error = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create([p], new OptimizerOptions { Beta2 = 1.5 }));

        Assert.Contains("Beta2", error.Message);
    }
}
