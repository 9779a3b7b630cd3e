using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Tests.Trainers.Networks.Toy;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public sealed class NetworkRegistryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("li-registry-").FullName;

    public NetworkRegistryTests() => NetworkRegistry.Register(new RunningMeanType());

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BuiltInTypes_AreFoundWithoutAnyList()
    {
        Assert.Equal(
            new[] { EmbeddingBagMlpConfig.TypeName, HighOrderInputMlpConfig.TypeName, HighOrderInputTransformerConfig.TypeName, HighOrderMlpConfig.TypeName, HighOrderTransformerConfig.TypeName, ReluMlpConfig.TypeName, TransformerConfig.TypeName, HighOrderConvConfig.TypeName, DualConvolutionConfig.TypeName, TailFocusConfig.TypeName, StandardMambaConfig.TypeName, HighOrderMambaConfig.TypeName }.Order(StringComparer.Ordinal),
            NetworkRegistry.Names.Where(name => name != RunningMeanConfig.TypeName));
        Assert.IsType<HighOrderMlpType>(NetworkRegistry.Of(new HighOrderMlpConfig()));
    }

    [Fact]
    public void RegisteredType_IsATrainerNameAndRoundTripsThroughJson()
    {
        Assert.Contains(RunningMeanConfig.TypeName, TrainerRegistry.Names);
        Assert.IsType<RunningMeanConfig>(TrainerRegistry.FindPreset(RunningMeanConfig.TypeName)!.Network);

        var config = new RunningMeanConfig { Width = 5, WindowSize = 7, VocabularySize = 30 };
        string json = NetworkJson.Serialize(config);

        Assert.StartsWith("{\"type\":\"toy_running_mean\"", json, StringComparison.Ordinal);
        Assert.Equal(config, NetworkJson.Deserialize(json));
    }

    [Fact]
    public void Register_SameNameForAnotherConfiguration_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkRegistry.Register(new ImpostorType()));

        Assert.Contains("'toy_running_mean' is already registered for RunningMeanConfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownType_NamesTheKnownOnes()
    {
        var error = Assert.Throws<FormatException>(() => NetworkJson.Deserialize("{\"type\":\"high_order_mpl\"}"));

        Assert.Contains("Unknown network type 'high_order_mpl'", error.Message, StringComparison.Ordinal);
        Assert.Contains(HighOrderMlpConfig.TypeName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_FileWrittenBeforeTheSizesWereRenamed_ReadsThem()
    {
        NetworkConfig config = NetworkJson.Deserialize("{\"type\":\"relu_mlp\",\"input_width\":16,\"output_width\":128,\"hidden_width\":9,\"hidden_layers\":2,\"normalization\":\"LayerNorm\"}");

        Assert.Equal(new ReluMlpConfig { WindowSize = 16, VocabularySize = 128, HiddenWidth = 9 }, config);
    }

    [Fact]
    public void ToyType_TrainsSavesLoadsExportsAndGenerates_ThroughTheRegistryAlone()
    {
        TorchTestSettings.UseOneThread();
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 3_000, windowSize: 8);

        TrainingRunResult run = TrainingRun.Run(mlContext, RunningMeanConfig.TypeName, data, new TrainerSettings { MaxEpochs = 4, BatchSize = 8, LearningRate = 3e-3 });

        // It learned: held-out bits per character below the uniform guess over the vocabulary.
        Assert.True(run.Metrics["test"].BitsPerCharacter < Math.Log2(data.Vocabulary.Count) - 1, $"test bits/char {run.Metrics["test"].BitsPerCharacter:F3}");
        NetworkModel network = TrainingRun.FindNetworkModel(run.Model)!;
        Assert.IsType<RunningMean>(network.Network);

        string zip = Path.Combine(_folder, "toy.zip");
        LanguageModelFile.Save(mlContext, run.Model, run.InputSchema, run.Card, zip);
        LoadedLanguageModel loaded = LanguageModelFile.Load(new MLContext(0), zip);
        var reloaded = LanguageInterpolation.Pipelines.Evaluation.LanguageModelEvaluator.Evaluate(mlContext, loaded.Model, data.Test);
        Assert.Equal(run.Metrics["test"].BitsPerCharacter, reloaded.BitsPerCharacter, 5);

        string onnx = Path.Combine(_folder, "toy.onnx");
        LanguageModelExporter.ExportModelFile(zip, onnx);
        using OnnxLanguageModel deployed = OnnxLanguageModel.Load(onnx);
        var prompt = new GenerationOptions { Prompt = "The Dunwich ", Length = 40 };
        string fromOnnx = new TextGenerator(deployed).Generate(prompt);
        string fromTorch = new TextGenerator(new TorchScorer(network.Network, data.Vocabulary)).Generate(prompt);
        Assert.Equal(fromTorch, fromOnnx);
        Assert.Equal(40, fromOnnx.Length);
    }

    private sealed record ImpostorConfig : NetworkConfig
    {
        public override string NetworkType => RunningMeanConfig.TypeName;

        public override long ParameterCount() => 0;

        protected override void AddProblems(List<string> problems)
        {
        }

        protected override LanguageNetwork BuildValidated(TorchSharp.torch.Generator? generator) => throw new NotSupportedException();
    }

    private sealed class ImpostorType : NetworkType<ImpostorConfig, RunningMean>
    {
        public override string Name => RunningMeanConfig.TypeName;

        public override string Description => "Takes a name that is already registered.";

        protected override string Emit(LanguageInterpolation.Common.Onnx.OnnxGraphBuilder graph, RunningMean network, string ids) => throw new NotSupportedException();
    }
}
