using LanguageInterpolation.Trainers.Presets;
using System.IO.Compression;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Persistence;

public class SavedNetworkTests
{
    /// <summary>A tiny high-order MLP (n = 2) trained for one epoch and saved as <c>li train</c> saves it.</summary>
    internal static (string Path, NetworkModel Network, CharacterWindowData Data) TrainAndSave(string folder, string name = "model.zip")
    {
        var mlContext = new MLContext(1).RegisterLanguageInterpolation();
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 3_000);
        var preset = new NetworkPreset
        {
            Name = "tiny",
            Network = new HighOrderMlpConfig { HiddenWidth = 8, HiddenLayers = 1, HiddenKind = LinkKind.Discontinuous, HiddenSegments = 4, OutputKind = LinkKind.Discontinuous, OutputSegments = 4 },
            Training = new TrainingOptions { MaxEpochs = 1, BatchSize = 64, Threads = 1 },
        };
        TrainingRunResult result = TrainingRun.Run(mlContext, "tiny", TrainerRegistry.CreatePipeline(mlContext, preset, data, new TrainerSettings { Threads = 1 }), data, new TrainerSettings());
        string path = System.IO.Path.Combine(folder, name);
        LanguageModelFile.Save(mlContext, result.Model, result.InputSchema, result.Card, path);
        return (path, TrainingRun.FindNetworkModel(result.Model)!, data);
    }

    [Fact]
    public void Load_SavedNetworkModel_GivesItsConfigAndWeights()
    {
        (string path, NetworkModel trained, _) = TrainAndSave(TestData.NewScratchFolder());

        using LanguageNetwork loaded = SavedNetwork.Load(path);

        Assert.Equal(NetworkJson.Serialize(trained.Config), NetworkJson.Serialize(loaded.Config));
        Assert.Equal(trained.Network.state_dict().Keys, loaded.state_dict().Keys);
        Assert.All(loaded.state_dict(), pair => Assert.True(pair.Value.allclose(trained.Network.state_dict()[pair.Key], rtol: 0, atol: 0), pair.Key));
        Assert.True(SavedNetwork.Exists(path));
    }

    [Fact]
    public void Load_LightGbmModel_SaysThereIsNoNetwork()
    {
        var mlContext = new MLContext(1).RegisterLanguageInterpolation();
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 2_000);
        ITransformer model = LanguagePipelines.LightGbm(mlContext, data.Vocabulary, data.WindowSize, new LightGbmBaselineOptions { NumberOfIterations = 2, NumberOfLeaves = 4, Threads = 1 }).Fit(data.Train);
        string path = Path.Combine(TestData.NewScratchFolder(), "lightgbm.zip");
        LanguageModelFile.Save(mlContext, model, data.Train.Schema, new ModelCard { Vocabulary = data.Vocabulary.Serialize(), WindowSize = 8, Trainer = "lightgbm" }, path);

        var error = Assert.Throws<InvalidDataException>(() => SavedNetwork.Load(path));

        Assert.Equal($"Model {path} was trained with 'lightgbm', which has no network to continue from; fine-tuning and refinement need a network model.", error.Message);
        Assert.False(SavedNetwork.Exists(path));
    }

    [Fact]
    public void Load_ZipOfAnOlderVersion_SaysRetrainIt()
    {
        (string path, _, _) = TrainAndSave(TestData.NewScratchFolder());
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry(SavedNetwork.ConfigEntry)!.Delete();
            zip.GetEntry(SavedNetwork.WeightsEntry)!.Delete();
        }

        var error = Assert.Throws<InvalidDataException>(() => SavedNetwork.Load(path));

        Assert.Equal($"Model {path} was saved without network weights (made by an older version): retrain it.", error.Message);
        Assert.NotNull(LanguageModelFile.Load(new MLContext(), path).Model); // still a usable model otherwise
    }

    [Fact]
    public void Load_TruncatedWeights_SaysCorrupt()
    {
        (string path, _, _) = TrainAndSave(TestData.NewScratchFolder());
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry(SavedNetwork.WeightsEntry)!.Delete();
            using Stream stream = zip.CreateEntry(SavedNetwork.WeightsEntry).Open();
            stream.Write([0x41, 0x54, 0x49, 0x4C, 1, 0, 0, 0]); // magic, one tensor, then nothing
        }

        var error = Assert.Throws<InvalidDataException>(() => SavedNetwork.Load(path));

        Assert.StartsWith("Corrupt model file (unreadable network)", error.Message, StringComparison.Ordinal);
    }
}
