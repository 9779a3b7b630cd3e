using LanguageInterpolation.Trainers.Presets;
using System.Text.Json;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

[Collection(OnnxInferenceCollection.Name)]
public sealed class OnnxSidecarFileTests(OnnxInferenceFixture fixture)
{
    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm")]
    public void Export_AnyTrainer_WritesTheJsonDescriptionNextToTheModel(string name)
    {
        string onnxPath = fixture.Model(name).OnnxPath;
        CharacterVocabulary vocabulary = fixture.Vocabulary;

        string text = File.ReadAllText(OnnxSidecarFile.PathFor(onnxPath));
        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement root = document.RootElement;

        Assert.Equal(onnxPath + ".json", OnnxSidecarFile.PathFor(onnxPath));
        Assert.All(text, character => Assert.True(character is >= ' ' and <= '~' or '\n', $"U+{(int)character:X4} in the description"));
        Assert.Equal(2, root.GetProperty("contract_version").GetInt32());
        Assert.Equal(Path.GetFileName(onnxPath), root.GetProperty("model").GetString());
        Assert.Equal("CharacterIds int64 [batch, 8]", Tensor(root.GetProperty("inputs")[0]));
        Assert.Equal($"Score float32 [batch, {vocabulary.Count}]", Tensor(root.GetProperty("outputs")[0]));
        Assert.Equal("PredictedLabel int64 [batch]", Tensor(root.GetProperty("outputs")[1]));
        Assert.Equal("corpus", root.GetProperty("vocabulary").GetProperty("kind").GetString());
        Assert.Equal(vocabulary.Count, root.GetProperty("vocabulary").GetProperty("size").GetInt32());
        Assert.Equal(vocabulary.Characters, root.GetProperty("vocabulary").GetProperty("characters").GetString());
        Assert.Equal(OnnxInferenceFixture.WindowSize, root.GetProperty("window_size").GetInt32());
        Assert.Equal("Sequence", root.GetProperty("window_kind").GetString());
        Assert.Equal(vocabulary.Characters.IndexOf(' ', StringComparison.Ordinal), root.GetProperty("padding").GetProperty("id").GetInt32());
        Assert.Equal(" ", root.GetProperty("padding").GetProperty("character").GetString());
        Assert.Equal(vocabulary.UnknownId, root.GetProperty("unknown_id").GetInt32());
        Assert.Equal("unknown_id", root.GetProperty("unrepresentable").GetString());
        Assert.Empty(root.GetProperty("transliteration").EnumerateObject());
        Assert.Equal("clamp", root.GetProperty("out_of_range_ids").GetString());
    }

    [Fact]
    public void Build_AsciiVocabulary_CarriesTheTransliterationTableAndDropRule()
    {
        NetworkConfig config = NetworkPresets.Load("small").Network.WithShape(4, CharacterVocabulary.Ascii.Count);
        using var generator = new torch.Generator(3);
        using LanguageNetwork network = config.Build(generator);
        ModelProto model = NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, CharacterVocabulary.Ascii,
            new Dictionary<string, string> { [OnnxNames.WindowKindKey] = nameof(WindowKind.Sequence) });

        using JsonDocument document = JsonDocument.Parse(OnnxSidecarFile.Build(model, "ascii.onnx"));
        JsonElement root = document.RootElement;

        Assert.Equal("ascii", root.GetProperty("vocabulary").GetProperty("kind").GetString());
        Assert.Equal(CharacterVocabulary.Ascii.Characters, root.GetProperty("vocabulary").GetProperty("characters").GetString());
        Assert.Equal("drop", root.GetProperty("unrepresentable").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("unknown_id").ValueKind);
        Assert.Equal(VocabularyMetadata.TransliterationTable(CharacterVocabulary.Ascii).Count, root.GetProperty("transliteration").EnumerateObject().Count());
        Assert.Equal("e", root.GetProperty("transliteration").GetProperty("\u00e9").GetString());
        Assert.Equal(32, root.GetProperty("padding").GetProperty("id").GetInt32());
    }

    // The graph clamps ids below 0 to 0 and above V - 1 to V - 1 (li.out_of_range_ids = clamp), for every exporter.
    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm")]
    [InlineData("lightgbm-categorical")]
    [InlineData("small-from-zip")]
    public void ScoreBatch_IdsOutsideTheVocabulary_ScoreAsTheClampedIds(string name)
    {
        string path = fixture.Model(name.Replace("-from-zip", "", StringComparison.Ordinal)).OnnxPath;
        if (name.EndsWith("-from-zip", StringComparison.Ordinal))
        {
            // A loaded model zip holds the network's scoring graph, not the network: the row-graph exporter.
            path = Path.Combine(fixture.Folder, name + ".onnx");
            LanguageModelExporter.ExportModelFile(fixture.Model("small").ZipPath, path);
        }
        using OnnxLanguageModel model = OnnxLanguageModel.Load(path);
        int last = model.Vocabulary.Count - 1;
        long[] outside = [-1, -1000, 5, last + 1, last + 1000, 3, long.MinValue, long.MaxValue];
        long[] clamped = [0, 0, 5, last, last, 3, 0, last];
        float[] outsideScores = new float[model.Vocabulary.Count];
        float[] clampedScores = new float[model.Vocabulary.Count];

        model.ScoreBatch(outside, outsideScores);
        model.ScoreBatch(clamped, clampedScores);

        Assert.Equal(clampedScores, outsideScores);
    }

    private static string Tensor(JsonElement tensor) =>
        $"{tensor.GetProperty("name").GetString()} {tensor.GetProperty("type").GetString()} [{string.Join(", ", tensor.GetProperty("shape").EnumerateArray().Select(dimension => dimension.ToString()))}]";
}
