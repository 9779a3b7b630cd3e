using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.MlNet;

// The network trainers behave as ML.NET trainers do: ITrainerEstimator with TrainerInfo, a fitted
// ISingleFeaturePredictionTransformer whose model parameters expose the network, and ML.NET's own
// permutation feature importance working on them.
public class NetworkTrainerConformanceTests
{
    private const string IdValues = "CharacterIdValues";

    [Fact]
    public void Trainer_IsAnMlNetTrainerEstimator()
    {
        var trainer = new MLContext(0).MulticlassClassification.Trainers.HighOrderMlp();

        ITrainerEstimator<ISingleFeaturePredictionTransformer<NetworkModelParameters>, NetworkModelParameters> estimator = trainer;

        Assert.False(estimator.Info.NeedNormalization);
        Assert.False(estimator.Info.WantCaching);
    }

    [Fact]
    public void FittedModel_ExposesConfigParameterCountAndWeights()
    {
        var mlContext = new MLContext(1);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 2_000);

        NetworkModel model = mlContext.MulticlassClassification.Trainers.HighOrderMlp(Options()).Fit(data.Train);

        ISingleFeaturePredictionTransformer<NetworkModelParameters> prediction = model;
        Assert.Equal(CharacterWindowColumns.CharacterIds, prediction.FeatureColumnName);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Int64, 8), prediction.FeatureColumnType);
        NetworkModelParameters parameters = prediction.Model;
        Assert.Equal(8, parameters.Config.WindowSize);
        Assert.Equal(data.Vocabulary.Count, parameters.Config.VocabularySize);
        Assert.Equal(parameters.Config.ParameterCount(), parameters.ParameterCount);
        IReadOnlyList<NetworkWeight> weights = parameters.GetWeights();
        Assert.Equal(parameters.ParameterCount, weights.Sum(weight => (long)weight.Values.Length));
        Assert.All(weights, weight => Assert.Equal(weight.Shape.Aggregate(1L, (a, b) => a * b), weight.Values.Length));
        Assert.Contains(weights, weight => weight.Name == "input.weight");
    }

    [Fact]
    public void PermutationFeatureImportance_RunsOnAHighOrderModel_AndTheLastCharacterMattersMost()
    {
        var mlContext = new MLContext(2);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 6_000, windowSize: 6);
        // PFI permutes Single slots: train on the ids held as Single (one slot per context position).
        var toSingle = mlContext.Transforms.Conversion.ConvertType(IdValues, CharacterWindowColumns.CharacterIds, DataKind.Single);
        IDataView train = toSingle.Fit(data.Train).Transform(data.Train);
        IDataView test = toSingle.Fit(data.Test).Transform(data.Test);
        var options = Options();
        options.FeatureColumnName = IdValues;
        options.Training = options.Training with { MaxEpochs = 6 };

        NetworkModel model = mlContext.MulticlassClassification.Trainers.HighOrderMlp(options).Fit(train);
        var importance = mlContext.MulticlassClassification.PermutationFeatureImportance(model, test, permutationCount: 2);

        Assert.Equal(6, importance.Length);
        double[] logLossIncrease = [.. importance.Select(metrics => metrics.LogLoss.Mean)];
        Assert.All(logLossIncrease, increase => Assert.True(increase > -0.05, $"permuting a position should not help: {increase}"));
        Assert.Equal(5, Array.IndexOf(logLossIncrease, logLossIncrease.Max()));
    }

    private static HighOrderMlpTrainer.Options Options() => new()
    {
        Network = new HighOrderMlpConfig { HiddenWidth = 12, InputSegments = 16, HiddenSegments = 2, OutputSegments = 2 },
        Training = new TrainingOptions { MaxEpochs = 2, BatchSize = 64, Optimizer = new LanguageInterpolation.Trainers.Optimizers.OptimizerOptions { LearningRate = 1e-2 } },
    };
}
