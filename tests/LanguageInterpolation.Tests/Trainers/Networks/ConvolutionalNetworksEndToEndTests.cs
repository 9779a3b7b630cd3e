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

namespace LanguageInterpolation.Tests.Trainers.Networks;

public sealed class ConvolutionalNetworksEndToEndTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("li-conv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(HighOrderConvConfig.TypeName, "high_order_conv")]
    [InlineData(TailFocusConfig.TypeName, "high_order_tail_focus")]
    [InlineData(DualConvolutionConfig.TypeName, "dual_convolution_large")]
    public void TypeAndPreset_AreTrainerNames(string type, string preset)
    {
        Assert.Contains(type, TrainerRegistry.Names);
        Assert.Contains(preset, TrainerRegistry.Names);
        Assert.Equal(type, TrainerRegistry.FindPreset(preset)!.Network.NetworkType);
        Assert.Equal(type, TrainerRegistry.FindPreset(type)!.Network.NetworkType);
    }

    [Theory]
    [InlineData(HighOrderConvConfig.TypeName)]
    [InlineData(TailFocusConfig.TypeName)]
    [InlineData(DualConvolutionConfig.TypeName)]
    public void DefaultNetwork_TrainsSavesLoadsExportsAndGenerates(string trainer)
    {
        TorchTestSettings.UseOneThread();
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 3_000, windowSize: 16);

        TrainingRunResult run = TrainingRun.Run(mlContext, trainer, data, new TrainerSettings { MaxEpochs = 4, BatchSize = 64, LearningRate = 3e-3 });

        // It learned: held-out bits per character well below the uniform guess over the vocabulary.
        Assert.True(run.Metrics["test"].BitsPerCharacter < Math.Log2(data.Vocabulary.Count) - 1, $"test bits/char {run.Metrics["test"].BitsPerCharacter:F3}");
        NetworkModel network = TrainingRun.FindNetworkModel(run.Model)!;
        Assert.Equal(trainer, network.Network.Config.NetworkType);

        string zip = Path.Combine(_folder, trainer + ".zip");
        LanguageModelFile.Save(mlContext, run.Model, run.InputSchema, run.Card, zip);
        LoadedLanguageModel loaded = LanguageModelFile.Load(new MLContext(0), zip);
        var reloaded = LanguageInterpolation.Pipelines.Evaluation.LanguageModelEvaluator.Evaluate(mlContext, loaded.Model, data.Test);
        Assert.Equal(run.Metrics["test"].BitsPerCharacter, reloaded.BitsPerCharacter, 5);

        string onnx = Path.Combine(_folder, trainer + ".onnx");
        LanguageModelExporter.ExportModelFile(zip, onnx);
        using OnnxLanguageModel deployed = OnnxLanguageModel.Load(onnx);
        var prompt = new GenerationOptions { Prompt = "The Dunwich ", Length = 40 };
        string fromOnnx = new TextGenerator(deployed).Generate(prompt);
        string fromTorch = new TextGenerator(new TorchScorer(network.Network, data.Vocabulary)).Generate(prompt);
        Assert.Equal(fromTorch, fromOnnx);
        Assert.Equal(40, fromOnnx.Length);
        OnnxChecker.Check(onnx);
    }
}
