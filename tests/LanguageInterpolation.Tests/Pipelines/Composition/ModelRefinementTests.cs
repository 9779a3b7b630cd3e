using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Refinement;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Composition;

public class ModelRefinementTests
{
    [Fact]
    public void RefineSavedModel_PredictsTheSameAndSavesLoadsExportsAndGenerates()
    {
        string folder = TestData.NewScratchFolder();
        (string original, _, CharacterWindowData data) = SavedNetworkTests.TrainAndSave(folder);
        string refinedPath = Path.Combine(folder, "refined.zip");
        var mlContext = new MLContext(2).RegisterLanguageInterpolation();

        RefinementResult result = ModelRefinement.Refine(mlContext, original, new RefinementOptions { Nodes = 3, Segments = 8 }, refinedPath);
        LoadedLanguageModel before = LanguageModelFile.Load(mlContext, original);
        LoadedLanguageModel after = LanguageModelFile.Load(mlContext, refinedPath);

        var config = Assert.IsType<HighOrderMlpConfig>(NetworkJson.Deserialize(after.Card.Network!));
        Assert.Equal((3, 3, 8, 8), (config.HiddenNodes, config.OutputNodes, config.HiddenSegments, config.OutputSegments));
        Assert.Equal(("tiny", "model.zip", "n=3 segments=8"), (after.Card.Trainer, after.Card.Training["refined_from"], after.Card.Training["refinement"]));
        Assert.True(result.RefinedParameters > result.OriginalParameters);
        // Same function: the test windows' probabilities through the saved ML.NET chains agree to float32 rounding
        // (see NetworkRefinementTests for the tolerance).
        float[][] expected = Scores(mlContext, before.Model, data.Test);
        float[][] actual = Scores(mlContext, after.Model, data.Test);
        Assert.InRange(expected.Zip(actual, (e, a) => e.Zip(a, (x, y) => Math.Abs(x - y)).Max()).Max(), 0f, 1e-5f);
        Assert.Equal(LanguageModelEvaluator.Evaluate(mlContext, before.Model, data.Test).Accuracy, LanguageModelEvaluator.Evaluate(mlContext, after.Model, data.Test).Accuracy);
        // Generates and exports like any model, and continues from its own network.
        string greedyBefore = Generate(mlContext, before);
        Assert.Equal(greedyBefore, Generate(mlContext, after));
        string onnx = Path.Combine(folder, "refined.onnx");
        LanguageModelExporter.ExportModelFile(refinedPath, onnx);
        using (OnnxLanguageModel exported = OnnxLanguageModel.Load(onnx))
        {
            Assert.Equal(greedyBefore, new TextGenerator(exported).Generate(new GenerationOptions { Prompt = "The ", Length = 30 }));
        }
        using LanguageNetwork network = SavedNetwork.Load(refinedPath);
        Assert.Equal(NetworkJson.Serialize(config), NetworkJson.Serialize(network.Config));
    }

    [Fact]
    public void Refine_LowerN_LeavesNoOutputFile()
    {
        string folder = TestData.NewScratchFolder();
        (string original, _, _) = SavedNetworkTests.TrainAndSave(folder);
        string refinedPath = Path.Combine(folder, "refined.zip");

        var error = Assert.Throws<ArgumentException>(() => ModelRefinement.Refine(new MLContext(), original, new RefinementOptions { Nodes = 1 }, refinedPath));

        Assert.Contains("would lower n in the input layer (n = 2)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(refinedPath));
    }

    private static string Generate(MLContext mlContext, LoadedLanguageModel model)
    {
        using var scorer = new PredictionEngineScorer(mlContext, model.Model, model.Card.VocabularyObject, model.Card.WindowSize);
        return new TextGenerator(scorer).Generate(new GenerationOptions { Prompt = "The ", Length = 30 });
    }

    private static float[][] Scores(MLContext mlContext, ITransformer model, IDataView rows) =>
        [.. mlContext.Data.CreateEnumerable<ScoreRow>(model.Transform(rows), reuseRowObject: false).Select(row => row.Score)];

    private sealed class ScoreRow
    {
        [ColumnName("Score")]
        public float[] Score { get; set; } = [];
    }
}
