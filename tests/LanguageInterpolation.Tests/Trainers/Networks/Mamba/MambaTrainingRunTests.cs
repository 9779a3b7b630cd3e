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

namespace LanguageInterpolation.Tests.Trainers.Networks.Mamba;

public sealed class MambaTrainingRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("li-mamba-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void SmallMamba_TrainsOnEveryPositionSavesLoadsExportsAndGenerates(string type)
    {
        TorchTestSettings.UseOneThread();
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 3_000, windowSize: 16);
        var settings = new TrainerSettings { MaxEpochs = 3, BatchSize = 16, LearningRate = 3e-3, Seed = 1 };
        NetworkConfig small = type == StandardMambaConfig.TypeName
            ? new StandardMambaConfig { Width = 32, Blocks = 2, StateSize = 8 }
            : new HighOrderMambaConfig { Width = 16, Blocks = 2, StateSize = 8, ProjectionLayers = 1 };
        var preset = new LanguageInterpolation.Trainers.Presets.NetworkPreset { Name = type, Network = small };

        TrainingRunResult run = TrainingRun.Run(mlContext, type, TrainerRegistry.CreatePipeline(mlContext, preset, data, settings), data, settings);

        // Held-out bits per character below the uniform guess over the vocabulary by a clear margin.
        Assert.True(run.Metrics["test"].BitsPerCharacter < Math.Log2(data.Vocabulary.Count) - 1, $"test bits/char {run.Metrics["test"].BitsPerCharacter:F3}");
        NetworkModel trained = TrainingRun.FindNetworkModel(run.Model)!;
        var network = Assert.IsAssignableFrom<MambaNetwork>(trained.Network);

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
        string fromTorch = new TextGenerator(new TorchScorer(network, data.Vocabulary)).Generate(prompt);
        using var stateful = new CachedTorchScorer(network, data.Vocabulary);
        string fromState = new TextGenerator(stateful).Generate(prompt);
        Assert.Equal(fromTorch, fromOnnx);
        Assert.Equal(30, fromOnnx.Length);
        Assert.Equal(fromTorch[0], fromState[0]);                                          // the same first window (a full state restarts afterwards)

        // A zip whose configuration's state size no longer matches its weights: the error names the tensor.
        string tampered = Path.Combine(_folder, "tampered.zip");
        File.Copy(zip, tampered);
        using (var archive = System.IO.Compression.ZipFile.Open(tampered, System.IO.Compression.ZipArchiveMode.Update))
        {
            System.IO.Compression.ZipArchiveEntry entry = archive.GetEntry(SavedNetwork.ConfigEntry)!;
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = reader.ReadToEnd();
            }
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(SavedNetwork.ConfigEntry).Open());
            string changed = System.Text.RegularExpressions.Regex.Replace(json, "\"state_size\":\\s*8", "\"state_size\": 9");
            Assert.NotEqual(json, changed);
            writer.Write(changed);
        }
        var error = Assert.Throws<InvalidDataException>(() => SavedNetwork.Load(tampered));
        Assert.Contains("log_decay' has shape [", error.Message, StringComparison.Ordinal);
    }
}
