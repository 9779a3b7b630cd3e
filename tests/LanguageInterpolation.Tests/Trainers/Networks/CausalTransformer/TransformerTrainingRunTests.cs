using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;

public sealed class TransformerTrainingRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("li-transformer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> SmallTransformers() => [TransformerConfig.TypeName, HighOrderTransformerConfig.TypeName];

    [Theory]
    [MemberData(nameof(SmallTransformers))]
    public void SmallTransformer_TrainsOnEveryPositionSavesLoadsExportsAndGenerates(string type)
    {
        TorchTestSettings.UseOneThread();
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 4_000, windowSize: 16);
        var settings = new TrainerSettings { MaxEpochs = 3, BatchSize = 16, LearningRate = 3e-3, Seed = 1 };

        NetworkConfig network32 = type == TransformerConfig.TypeName
            ? new TransformerConfig { Width = 32, Heads = 4, Blocks = 2 }
            : new HighOrderTransformerConfig { Width = 32, Heads = 4, Blocks = 2, InputSegments = 64 };
        var preset = new LanguageInterpolation.Trainers.Presets.NetworkPreset { Name = type, Network = network32 };

        TrainingRunResult run = TrainingRun.Run(mlContext, type, TrainerRegistry.CreatePipeline(mlContext, preset, data, settings), data, settings);

        // Held-out bits per character below the uniform guess over the vocabulary by a clear margin.
        Assert.True(run.Metrics["test"].BitsPerCharacter < Math.Log2(data.Vocabulary.Count) - 1, $"test bits/char {run.Metrics["test"].BitsPerCharacter:F3}");
        NetworkModel trained = TrainingRun.FindNetworkModel(run.Model)!;
        Assert.IsAssignableFrom<CausalTransformerNetwork>(trained.Network);

        string zip = Path.Combine(_folder, "model.zip");
        LanguageModelFile.Save(mlContext, run.Model, run.InputSchema, run.Card, zip);
        LoadedLanguageModel loaded = LanguageModelFile.Load(new MLContext(0), zip);
        var reloaded = LanguageInterpolation.Pipelines.Evaluation.LanguageModelEvaluator.Evaluate(mlContext, loaded.Model, data.Test);
        Assert.Equal(run.Metrics["test"].BitsPerCharacter, reloaded.BitsPerCharacter, 4);

        string onnx = Path.Combine(_folder, "model.onnx");
        LanguageModelExporter.ExportModelFile(zip, onnx);
        using OnnxLanguageModel deployed = OnnxLanguageModel.Load(onnx);
        var prompt = new GenerationOptions { Prompt = "The Dunwich ", Length = 30 };
        string fromOnnx = new TextGenerator(deployed).Generate(prompt);
        string fromTorch = new TextGenerator(new TorchScorer(trained.Network, data.Vocabulary)).Generate(prompt);
        Assert.Equal(fromTorch, fromOnnx);
        Assert.Equal(30, fromOnnx.Length);

        // The export wrote the decoding-step graph next to the window graph; read back from the file, it generates
        // what the network's own cache generates (the same reading plan, one position per character).
        string step = DecodingStepContract.StepPathFor(onnx);
        Assert.True(File.Exists(step), "no step graph next to the window graph");
        using OnnxCachedScorer stepScorer = OnnxCachedScorer.Load(step);
        Assert.Equal(data.Vocabulary, stepScorer.Vocabulary);
        string fromStepGraph = new TextGenerator(stepScorer).Generate(prompt);
        using var cachedTorch = new CachedTorchScorer(trained.Network, data.Vocabulary);
        Assert.Equal(new TextGenerator(cachedTorch).Generate(prompt), fromStepGraph);
    }
}
