using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.MlNet;

public class NetworkContinuationTests
{
    private static readonly HighOrderMlpConfig Architecture = new() { HiddenWidth = 8, InputSegments = 128 };

    private static NetworkTrainer.Options Options(IDataView validation, double learningRate, int epochs, LanguageNetwork? initial = null) => new()
    {
        Network = initial?.Config ?? Architecture,
        Training = new TrainingOptions
        {
            MaxEpochs = epochs,
            BatchSize = 64,
            Threads = 1,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.Lion, LearningRate = learningRate },
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
        },
        ValidationData = validation,
        InitialNetwork = initial,
    };

    [Fact]
    public void Fit_WithInitialNetwork_StartsFromItsWeightsAndLeavesItUnchanged()
    {
        var mlContext = new MLContext(1);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 3_000);
        NetworkModel first = mlContext.MulticlassClassification.Trainers.Network(Options(data.Validation, 3e-3, epochs: 3)).Fit(data.Train);
        double trainedLoss = first.History.Epochs[first.History.BestEpoch - 1].ValidationLoss!.Value; // the network holds the best epoch's weights
        var before = first.Network.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.clone());

        // A learning rate of 1e-9 moves no weight noticeably in one epoch: the continued run's first validation loss is
        // the initial network's, far below a fresh network's ln(128) = 4.85 nats.
        NetworkModel continued = mlContext.MulticlassClassification.Trainers.Network(Options(data.Validation, 1e-9, epochs: 1, first.Network)).Fit(data.Train);
        NetworkModel fresh = mlContext.MulticlassClassification.Trainers.Network(Options(data.Validation, 1e-9, epochs: 1)).Fit(data.Train);

        Assert.InRange(continued.History.Epochs[0].ValidationLoss!.Value - trainedLoss, -1e-3, 1e-3);
        Assert.True(fresh.History.Epochs[0].ValidationLoss!.Value > trainedLoss + 0.3);
        Assert.All(first.Network.state_dict(), pair => Assert.True(pair.Value.allclose(before[pair.Key], rtol: 0, atol: 0), pair.Key));
    }

    [Fact]
    public void Fit_InitialNetworkOfAnotherWindowSize_SaysSo()
    {
        var mlContext = new MLContext(1);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 2_000, windowSize: 8);
        using LanguageNetwork initial = Architecture.WithShape(16, 128).Build();

        var error = Assert.Throws<ArgumentException>(() => mlContext.MulticlassClassification.Trainers.Network(Options(data.Validation, 1e-3, 1, initial)).Fit(data.Train));

        Assert.Equal("The initial network reads windows of 16 characters, but the data has windows of 8.", error.Message);
    }

    [Fact]
    public void Check_OtherVocabularySize_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkContinuation.Check(Architecture.WithShape(8, 66), Architecture.WithShape(8, 128)));

        Assert.Equal("The initial network predicts 66 classes, but the data's vocabulary has 128 characters.", error.Message);
    }

    [Fact]
    public void Check_OtherNetworkType_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkContinuation.Check(new ReluMlpConfig { WindowSize = 8, VocabularySize = 128 }, Architecture.WithShape(8, 128)));

        Assert.Equal("The initial network is a relu_mlp, but this trainer trains a high_order_mlp.", error.Message);
    }

    [Fact]
    public void Check_OtherArchitecture_ShowsBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkContinuation.Check(Architecture with { WindowSize = 8, VocabularySize = 128, HiddenNodes = 3 }, Architecture.WithShape(8, 128)));

        Assert.StartsWith("The initial network's architecture {\"type\":\"high_order_mlp\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"hidden_nodes\":3", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"hidden_nodes\":2", error.Message, StringComparison.Ordinal);
    }
}
