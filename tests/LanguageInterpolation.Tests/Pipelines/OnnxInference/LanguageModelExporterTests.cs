using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

[Collection(OnnxInferenceCollection.Name)]
public sealed class LanguageModelExporterTests(OnnxInferenceFixture fixture)
{
    [Fact]
    public void Export_NetworkPipeline_ScoresLikeThePipeline()
    {
        TrainedModel network = fixture.Network;
        (float[][] expected, int[] expectedLabels) = fixture.ScoreWithPipeline(network.Pipeline);

        (float[] scores, long[] labels) = OrtRunner.Run(network.OnnxPath, fixture.ValidationIds, OnnxInferenceFixture.WindowSize);

        // The pipeline runs the same network graph one row at a time: only float rounding differs.
        Assert.InRange(OrtRunner.MaxDifference(scores, expected), 0, 1e-5);
        Assert.Equal(expectedLabels.Select(label => (long)label), labels);
        IReadOnlyDictionary<string, string> metadata = OnnxModelFile.Metadata(OnnxModelFile.Read(network.OnnxPath));
        Assert.Equal(network.Card.Network, metadata[OnnxNames.NetworkKey]);
        Assert.Contains("epochs", metadata[OnnxNames.TrainingKey], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm")]
    [InlineData("lightgbm-categorical")]
    public void ExportModelFile_SavedZip_SameScoresAsTheFittedPipelineExport(string name)
    {
        TrainedModel model = fixture.Model(name);
        string path = Path.Combine(fixture.Folder, name + "-from-zip.onnx");

        LanguageModelExporter.ExportModelFile(model.ZipPath, path);

        (float[] fromZip, long[] zipLabels) = OrtRunner.Run(path, fixture.ValidationIds, OnnxInferenceFixture.WindowSize);
        (float[] direct, long[] directLabels) = OrtRunner.Run(model.OnnxPath, fixture.ValidationIds, OnnxInferenceFixture.WindowSize);
        Assert.Equal(direct, fromZip);
        Assert.Equal(directLabels, zipLabels);
        IReadOnlyDictionary<string, string> metadata = OnnxModelFile.Metadata(OnnxModelFile.Read(path));
        Assert.Equal(model.Card.Network ?? LightGbmOnnxExporter.NetworkName, metadata[OnnxNames.NetworkKey]);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm")]
    [InlineData("lightgbm-categorical")]
    public void Export_Model_PassesTheOnnxFullCheck(string name)
    {
        TrainedModel model = fixture.Model(name);
        string fromZip = Path.Combine(fixture.Folder, name + "-checked-from-zip.onnx");
        LanguageModelExporter.ExportModelFile(model.ZipPath, fromZip);

        if (!OnnxChecker.Check(model.OnnxPath))
        {
            return;
        }
        OnnxChecker.Check(fromZip);
    }

    [Fact]
    public void Export_PipelineWithAnotherTrainer_ThrowsAndWritesNoFile()
    {
        MLContext mlContext = fixture.MlContext;
        ITransformer pipeline = mlContext.Transforms.Text.FeaturizeCharacterWindow(fixture.Vocabulary, OnnxInferenceFixture.WindowSize)
            .Append(mlContext.Transforms.NormalizeMinMax("Normalized", CharacterWindowColumns.Features))
            .Fit(fixture.Data.Train);
        string path = Path.Combine(fixture.Folder, "unsupported.onnx");

        NotSupportedException error = Assert.Throws<NotSupportedException>(() => LanguageModelExporter.Export(pipeline, fixture.LightGbm.Card, path));

        Assert.Contains("No ONNX exporter", error.Message, StringComparison.Ordinal);
        Assert.Contains("NormalizingTransformer", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(fixture.Folder, ".unsupported.onnx*"));
    }

    [Fact]
    public void Export_SingleTransformer_ThrowsExpectingTheFeaturizerFirst()
    {
        ITransformer lone = fixture.MlContext.Transforms.CopyColumns("Copy", CharacterWindowColumns.Features).Fit(fixture.Data.Train);

        NotSupportedException error = Assert.Throws<NotSupportedException>(
            () => LanguageModelExporter.Export(lone, fixture.LightGbm.Card, Path.Combine(fixture.Folder, "lone.onnx")));

        Assert.Contains("character-window featurizer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_CardWithAnotherWindowSize_ThrowsNamingBothSizes()
    {
        ModelCard card = fixture.Network.Card with { WindowSize = 12 };

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => LanguageModelExporter.ToOnnx(fixture.Network.Pipeline, card));

        Assert.Contains("12", error.Message, StringComparison.Ordinal);
        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportModelFile_NotAModelZip_ThrowsInvalidData()
    {
        string path = Path.Combine(fixture.Folder, "not-a-model.zip");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);

        Assert.Throws<InvalidDataException>(() => LanguageModelExporter.ExportModelFile(path, Path.Combine(fixture.Folder, "never.onnx")));
        Assert.False(File.Exists(Path.Combine(fixture.Folder, "never.onnx")));
    }

    [Fact]
    public void Export_NetworkPipeline_KeepsTheNetworkConfigurationJson()
    {
        IReadOnlyDictionary<string, string> metadata = OnnxModelFile.Metadata(OnnxModelFile.Read(fixture.Network.OnnxPath));

        NetworkConfig config = NetworkJson.Deserialize(metadata[OnnxNames.NetworkKey]);

        Assert.Equal(OnnxInferenceFixture.WindowSize, config.WindowSize);
        Assert.Equal(fixture.Vocabulary.Count, config.VocabularySize);
    }
}
