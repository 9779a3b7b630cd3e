using LanguageInterpolation.Pipelines.Comparison;
using LanguageInterpolation.Pipelines.Generation;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Comparison;

public sealed class ComparisonOptionsTests
{
    [Fact]
    public void Ctor_Ok_DefaultsComeFromComparisonDefaults()
    {
        var options = new ComparisonOptions();

        Assert.Equal(ComparisonDefaults.InferenceRows, options.InferenceRows);
        Assert.Equal(20_000, ComparisonDefaults.InferenceRows);
        Assert.Equal(ComparisonDefaults.TrainEvaluationRows, options.TrainEvaluationRows);
        Assert.Equal(100_000, ComparisonDefaults.TrainEvaluationRows);
        Assert.IsType<TransformInferenceMeter>(options.InferenceMeter);
        Assert.Equal(GenerationDefaults.Prompt, options.Generation.Prompt);
        Assert.Null(options.OutputDirectory);
        Assert.Null(options.ReferenceBitsPerCharacter);
        Assert.Null(options.Settings.TimeBudget);
        Assert.Equal(["lightgbm", "small", "large_standard", "large_single_layer", "relu_mlp", "embedding_bag_mlp"], ComparisonDefaults.Trainers);
        options.Validate();
    }
}
