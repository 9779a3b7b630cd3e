using LanguageInterpolation.Trainers.Optimizers;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Optimizers;

public class OptimizerOptionsTests
{
    [Fact]
    public void Ctor_Default_IsSparseLionWithLionDefaults()
    {
        var options = new OptimizerOptions();

        Assert.Equal(OptimizerKind.SparseLion, options.Kind);
        Assert.Equal(1e-4, options.LearningRate);
        Assert.Equal(0.9, options.Beta1);
        Assert.Equal(0.99, options.Beta2);
        Assert.Equal(0.0, options.WeightDecay);
        Assert.Equal(1e-8, options.Epsilon);
    }

    [Theory]
    [InlineData(OptimizerKind.Lion, 1e-4, 0.99, 0.0)]
    [InlineData(OptimizerKind.SparseLion, 1e-4, 0.99, 0.0)]
    [InlineData(OptimizerKind.Adam, 1e-3, 0.999, 0.0)]
    [InlineData(OptimizerKind.AdamW, 1e-3, 0.999, 0.01)]
    public void Ctor_KindOnly_TakesThatKindsDefaults(OptimizerKind kind, double learningRate, double beta2, double weightDecay)
    {
        var options = new OptimizerOptions { Kind = kind };

        Assert.Equal(learningRate, options.LearningRate);
        Assert.Equal(beta2, options.Beta2);
        Assert.Equal(weightDecay, options.WeightDecay);
    }

    [Fact]
    public void Ctor_ExplicitValues_OverrideTheKindsDefaults()
    {
        var options = new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 0.5, Beta2 = 0.9, WeightDecay = 0.2 };

        Assert.Equal((0.5, 0.9, 0.2), (options.LearningRate, options.Beta2, options.WeightDecay));
    }

    [Fact]
    public void Equals_DefaultAndSameValueSetExplicitly_AreEqual()
    {
        Assert.Equal(new OptimizerOptions { Kind = OptimizerKind.Adam }, new OptimizerOptions { Kind = OptimizerKind.Adam, Beta2 = 0.999 });
        Assert.NotEqual(new OptimizerOptions { Kind = OptimizerKind.Adam }, new OptimizerOptions { Kind = OptimizerKind.AdamW });
    }

    [Fact]
    public void Validate_SeveralBadFields_NamesEveryOne()
    {
        var options = new OptimizerOptions { LearningRate = -1, Beta1 = 1, Beta2 = double.NaN, WeightDecay = -0.1, Epsilon = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        foreach (string field in new[] { "LearningRate", "Beta1", "Beta2", "WeightDecay", "Epsilon" })
        {
            Assert.Contains(field, error.Message);
        }
    }

    [Fact]
    public void Validate_DecayFactorNotPositive_Throws()
    {
        // 1 - η·λ = 1 - 0.5·2 = 0 would zero every parameter at each step.
        var options = new OptimizerOptions { Kind = OptimizerKind.AdamW, LearningRate = 0.5, WeightDecay = 2 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("LearningRate * WeightDecay", error.Message);
    }

    [Theory]
    [InlineData(OptimizerKind.Lion, 1e-4)]
    [InlineData(OptimizerKind.SparseLion, 1e-4)]
    [InlineData(OptimizerKind.Adam, 1e-3)]
    [InlineData(OptimizerKind.AdamW, 1e-3)]
    public void Validate_Defaults_PassAndBuildTheKindWithItsRate(OptimizerKind kind, double learningRate)
    {
        var options = new OptimizerOptions { Kind = kind };
        using var weight = new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(2));

        Exception? error = Record.Exception(options.Validate);
        using IParameterOptimizer optimizer = OptimizerFactory.Create([weight], options);

        Assert.Null(error);
        Assert.Equal(kind.ToString(), optimizer.GetType().Name);
        Assert.Equal(learningRate, optimizer.LearningRate);
    }
}
