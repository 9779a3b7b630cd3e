using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Composition;

public class LanguagePipelinesTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LightGbm_FitEvaluateSaveLoad_PredictsExactlyTheSame(bool categorical)
    {
        var mlContext = new MLContext(1).RegisterLanguageInterpolation();
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 4_000);
        var options = new LightGbmBaselineOptions { NumberOfIterations = 10, NumberOfLeaves = 8, CategoricalContext = categorical, Threads = 1 };

        ITransformer model = LanguagePipelines.LightGbm(mlContext, data.Vocabulary, data.WindowSize, options).Fit(data.Train);
        LanguageModelMetrics train = LanguageModelEvaluator.Evaluate(mlContext, model, data.Train);
        LanguageModelMetrics test = LanguageModelEvaluator.Evaluate(mlContext, model, data.Test);
        string path = Path.Combine(TestData.NewScratchFolder(), "lightgbm.zip");
        mlContext.Model.Save(model, data.Train.Schema, path);
        ITransformer loaded = new MLContext(9).RegisterLanguageInterpolation().Model.Load(path, out _);

        Assert.True(train.Accuracy > 0.15, $"train accuracy {train.Accuracy:F3}"); // chance is 1/128; ten rounds of 8 leaves already find the frequent characters
        Assert.True(train.LogLoss < test.LogLoss, "the training text is fitted better than held-out text");
        Assert.Equal(test.BitsPerCharacter, test.LogLoss / Math.Log(2), 12);
        Assert.Equal(test, LanguageModelEvaluator.Evaluate(mlContext, loaded, data.Test));
        var before = mlContext.Data.CreateEnumerable<Scored>(model.Transform(data.Test), false).ToArray();
        var after = mlContext.Data.CreateEnumerable<Scored>(loaded.Transform(data.Test), false).ToArray();
        Assert.Equal(before.Select(row => row.Score), after.Select(row => row.Score));
        Assert.Equal(before.Select(row => row.PredictedLabel), after.Select(row => row.PredictedLabel));
    }

    [Fact]
    public void LightGbm_InvalidOptions_NameEveryBadField()
    {
        var error = Assert.Throws<ArgumentException>(() => new LightGbmBaselineOptions { NumberOfIterations = 0, NumberOfLeaves = 1, LearningRate = -1 }.Validate());

        Assert.Contains("NumberOfIterations", error.Message, StringComparison.Ordinal);
        Assert.Contains("NumberOfLeaves", error.Message, StringComparison.Ordinal);
        Assert.Contains("LearningRate", error.Message, StringComparison.Ordinal);
    }

    private sealed class Scored
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }
}
