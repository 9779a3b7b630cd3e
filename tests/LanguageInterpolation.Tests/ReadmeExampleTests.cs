using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests;

/// <summary>The README's C# example, compiled and run (on a slice of the book, with fewer epochs).</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_TrainsEvaluatesSavesAndGenerates()
    {
        string folder = TestData.NewScratchFolder();
        var mlContext = new MLContext(seed: 0).RegisterLanguageInterpolation();
        TextCorpus corpus = CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(5_000);
        CharacterWindowData data = mlContext.Data.LoadCharacterWindows(corpus, new CharacterWindowOptions { WindowSize = 16 });

        var pipeline = mlContext.Transforms.Text.FeaturizeCharacterWindow(data.Vocabulary, data.WindowSize)
            .Append(mlContext.MulticlassClassification.Trainers.HighOrderMlp(new HighOrderMlpTrainer.Options
            {
                Network = new HighOrderMlpConfig { HiddenWidth = 32, InputSegments = 128 },
                Training = new TrainingOptions { MaxEpochs = 2, BatchSize = 256 },
                ValidationData = data.Validation,
            }));

        ITransformer model = pipeline.Fit(data.Train);
        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(data.Test), topKPredictionCount: 5);
        mlContext.Model.Save(model, data.Train.Schema, Path.Combine(folder, "model.zip"));
        using var scorer = new PredictionEngineScorer(mlContext, model, data.Vocabulary, data.WindowSize);
        string text = new TextGenerator(scorer).Generate(new GenerationOptions { Prompt = "Who are you?", Length = 100 });

        Assert.InRange(metrics.MicroAccuracy, 2.0 / 128, 1); // two short epochs at the default learning rate: above chance (1/128)
        Assert.InRange(metrics.LogLoss / Math.Log(2), 1, 7);
        Assert.True(File.Exists(Path.Combine(folder, "model.zip")));
        Assert.Equal(100, text.Length);
    }
}
