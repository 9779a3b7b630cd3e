using System.Text.Json;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Persistence;

// A model zip and ONNX file written by the version before networks read character ids (their scoring graph
// reads the float 'Features' column): they must still load, score exactly as they did, export and generate.
public sealed class OlderVersionModelTests : IDisposable
{
    private static readonly string Folder = Path.Combine(TestData.RepositoryRoot, "models", "compatibility");
    private readonly string _scratch = TestData.NewScratchFolder();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void ModelZip_FromBeforeIdsContract_ScoresTheTestSplitAsItDidThen()
    {
        var mlContext = new MLContext(0);
        LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, Path.Combine(Folder, "small-v1.zip"));
        CharacterWindowData data = mlContext.Data.LoadCharacterWindows(
            CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(3000),
            new CharacterWindowOptions { WindowSize = loaded.Card.WindowSize, Vocabulary = loaded.Card.VocabularyObject });

        LanguageModelMetrics test = LanguageModelEvaluator.Evaluate(mlContext, loaded.Model, data.Test);

        using JsonDocument then = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "small-v1.metrics.json")));
        JsonElement expected = then.RootElement.GetProperty("metrics").GetProperty("test");
        Assert.Equal(expected.GetProperty("rows").GetInt64(), test.Rows);
        Assert.Equal(expected.GetProperty("bits_per_character").GetDouble(), test.BitsPerCharacter, 6);
    }

    [Fact]
    public void ModelZip_FromBeforeIdsContract_ExportsTheSameFunctionAsItsOwnExport()
    {
        string onnx = Path.Combine(_scratch, "again.onnx");
        LanguageModelExporter.ExportModelFile(Path.Combine(Folder, "small-v1.zip"), onnx);

        using OnnxLanguageModel again = OnnxLanguageModel.Load(onnx);
        using OnnxLanguageModel then = OnnxLanguageModel.Load(Path.Combine(Folder, "small-v1.onnx"));
        long[] ids = Enumerable.Range(0, 5 * then.WindowSize).Select(i => (long)(i * 7 % then.Vocabulary.Count)).ToArray();

        (float[] scoresAgain, _) = again.Run(ids);
        (float[] scoresThen, _) = then.Run(ids);

        Assert.Equal(scoresThen.Length, scoresAgain.Length);
        Assert.True(scoresThen.Zip(scoresAgain, (a, b) => Math.Abs(a - b)).Max() < 1e-6);
    }

    [Fact]
    public void OnnxFile_FromBeforeIdsContract_Generates()
    {
        using OnnxLanguageModel then = OnnxLanguageModel.Load(Path.Combine(Folder, "small-v1.onnx"));

        string text = new TextGenerator(then).Generate(new GenerationOptions { Prompt = "The Dunwich", Length = 20 });

        Assert.Equal(20, text.Length);
    }
}
