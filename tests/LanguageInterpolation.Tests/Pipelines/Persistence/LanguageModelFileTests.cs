using System.IO.Compression;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Persistence;

public class LanguageModelFileTests
{
    [Fact]
    public void SaveThenLoad_KeepsTheCardAndTheModel()
    {
        var mlContext = new MLContext(1).RegisterLanguageInterpolation();
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 2_000);
        ITransformer model = LanguagePipelines.LightGbm(mlContext, data.Vocabulary, data.WindowSize, new LightGbmBaselineOptions { NumberOfIterations = 2, NumberOfLeaves = 4, Threads = 1 }).Fit(data.Train);
        var card = new ModelCard { Vocabulary = data.Vocabulary.Serialize(), WindowSize = data.WindowSize, Trainer = "lightgbm", Training = { ["seed"] = "1" } };
        string folder = TestData.NewScratchFolder();
        string path = Path.Combine(folder, "model.zip");

        LanguageModelFile.Save(mlContext, model, data.Train.Schema, card, path);
        LoadedLanguageModel loaded = LanguageModelFile.Load(new MLContext(2), path);

        Assert.Equal(CharacterVocabulary.Ascii, loaded.Card.VocabularyObject);
        Assert.Equal((8, "lightgbm", "1"), (loaded.Card.WindowSize, loaded.Card.Trainer, loaded.Card.Training["seed"]));
        Assert.Equal(["model.zip"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.NotNull(new MLContext(3).RegisterLanguageInterpolation().Model.Load(path, out _)); // still a plain ML.NET model
        Assert.NotNull(loaded.Model.Transform(data.Test).Schema.GetColumnOrNull("Score"));
    }

    [Fact]
    public void Load_MissingFile_SaysNotFound()
    {
        var error = Assert.Throws<FileNotFoundException>(() => LanguageModelFile.Load(new MLContext(), "/nonexistent/model.zip"));

        Assert.Contains("/nonexistent/model.zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RandomBytes_SaysCorrupt()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "model.zip");
        File.WriteAllBytes(path, Enumerable.Range(0, 1000).Select(i => (byte)(i * 37)).ToArray());

        var error = Assert.Throws<InvalidDataException>(() => LanguageModelFile.Load(new MLContext(), path));

        Assert.StartsWith("Corrupt model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipOfSomethingElse_SaysNotALanguageInterpolationModel()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "other.zip");
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a model");
        }

        var error = Assert.Throws<InvalidDataException>(() => LanguageModelFile.Load(new MLContext(), path));

        Assert.StartsWith("Not a LanguageInterpolation model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CardWithoutMlNetModel_SaysCorrupt()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "half.zip");
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry(LanguageModelFile.CardEntry).Open());
            writer.Write(new ModelCard { Vocabulary = CharacterVocabulary.Ascii.Serialize(), WindowSize = 16, Trainer = "x" }.ToJson());
        }

        var error = Assert.Throws<InvalidDataException>(() => LanguageModelFile.Load(new MLContext(), path));

        Assert.Contains("ML.NET cannot load", error.Message, StringComparison.Ordinal);
    }
}
