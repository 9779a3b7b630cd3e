using System.Text.Json;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

public sealed class OnnxModelContractTests : IDisposable
{
    private const int WindowSize = 6;
    private static readonly CharacterVocabulary Vocabulary = CharacterVocabulary.FromCharacters(" abcdefgh.\uFFFD");
    private readonly string _folder = TestData.NewScratchFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Describe_ExportedNetwork_ReadsVocabularyWindowKindAndNetwork()
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);

        OnnxModelDescription description = OnnxModelContract.Describe(model, "test");

        Assert.Equal(Vocabulary, description.Vocabulary);
        Assert.Equal(WindowSize, description.WindowSize);
        Assert.Equal(WindowKind.Centered, description.WindowKind);
        Assert.Equal(WindowSize, NetworkJson.Deserialize(description.Network).WindowSize);
        Assert.Equal("{}", description.Training);
    }

    [Fact]
    public void Load_AnotherModelsOnnx_NamesTheMissingInputOutputsAndMetadata()
    {
        string path = Write(CharacterWindowFeaturizerGraph.Build(Vocabulary, WindowSize), "featurizer.onnx");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxLanguageModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("input 'CharacterIds' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected input 'ContextCodes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("output 'Score' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("output 'PredictedLabel' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata 'li.characters' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata 'li.network' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NetworkExportedWithTheFeaturesForm_SaysToExportTheCharacterIdsForm()
    {
        // Older versions could export a graph that reads input values ('Features', input form Features).
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        OnnxGraphEdits.RenameValue(model.Graph, OnnxNames.CharacterIds, OnnxNames.Features);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.InputFormKey).Value = "Features";
        string path = Write(model, "features.onnx");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxLanguageModel.Load(path));

        Assert.Contains("input 'CharacterIds' is missing: the model reads 'Features' (input form Features)", error.Message, StringComparison.Ordinal);
        Assert.Contains("export it with the CharacterIds form", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RandomBytes_SaysNotAnOnnxModel()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        string path = Path.Combine(_folder, "random.onnx");
        File.WriteAllBytes(path, bytes);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxLanguageModel.Load(path));

        Assert.StartsWith("Not an ONNX model: " + path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnnxNames.WindowSizeKey)]
    [InlineData(OnnxNames.VocabularyKey)]
    [InlineData(OnnxNames.CharactersKey)]
    [InlineData(OnnxNames.WindowKindKey)]
    public void Load_MissingMetadata_NamesTheProperty(string key)
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        model.MetadataProps.Remove(model.MetadataProps.Single(entry => entry.Key == key));
        string path = Write(model, "missing.onnx");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxLanguageModel.Load(path));

        Assert.Contains($"metadata '{key}' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_WindowSizeDisagreesWithInput_NamesBothSizes()
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.WindowSizeKey).Value = "9";

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxModelContract.Describe(model, "test"));

        Assert.Contains("metadata 'li.window_size' is 9 but input 'CharacterIds' holds 6 ids", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_CharactersDisagreeWithVocabulary_NamesThem()
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.CharactersKey).Value = "abc";

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxModelContract.Describe(model, "test"));

        Assert.Contains("metadata 'li.characters' (3 characters) differs from the vocabulary's 11 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_UnreadableVocabularyAndWindowKind_NamesBoth()
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.VocabularyKey).Value = "{\"Kind\":\"klingon\"}";
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.WindowKindKey).Value = "Diagonal";

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxModelContract.Describe(model, "test"));

        Assert.Contains("metadata 'li.vocabulary' is unreadable", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata 'li.window_kind' is 'Diagonal'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ScoreWidthDiffersFromVocabulary_NamesBothCounts()
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.VocabularyKey).Value = CharacterVocabulary.Ascii.Serialize();
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.CharactersKey).Value = CharacterVocabulary.Ascii.Characters;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => OnnxModelContract.Describe(model, "test"));

        Assert.Contains("output 'Score' has 11 classes but the vocabulary has 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => OnnxLanguageModel.Load(Path.Combine(_folder, "absent.onnx")));
    }

    // ONNX Runtime's C API returns metadata as NUL-terminated strings: the raw ASCII vocabulary (which
    // begins with U+0000) arrived empty in every C-API reader (C#, Python, C++).
    [Fact]
    public void Export_AsciiVocabulary_CharactersSurviveOnnxRuntimesMetadataApi()
    {
        string path = Write(Export(OnnxInputForm.CharacterIds, CharacterVocabulary.Ascii), "ascii.onnx");

        using var session = new InferenceSession(path);
        Dictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;

        Assert.Equal(CharacterVocabulary.Ascii.Characters, JsonSerializer.Deserialize<string>(metadata[OnnxNames.CharactersKey]));
        Assert.Equal(CharacterVocabulary.Ascii.Characters, VocabularyMetadata.ReadCharacters(metadata[OnnxNames.CharactersKey]));
        Assert.Equal("e", JsonSerializer.Deserialize<Dictionary<string, string>>(metadata[OnnxNames.TransliterationKey])!["\u00e9"]);
        using OnnxLanguageModel loaded = OnnxLanguageModel.Load(path);
        Assert.Equal(CharacterVocabulary.Ascii, loaded.Vocabulary);
    }

    [Fact]
    public void Describe_FileOfContractVersion1WithRawCharacters_StillReadsIt()
    {
        ModelProto model = Export(OnnxInputForm.CharacterIds);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.CharactersKey).Value = Vocabulary.Characters;
        foreach (string key in new[] { OnnxNames.ContractVersionKey, OnnxNames.TransliterationKey, OnnxNames.OutOfRangeIdsKey })
        {
            model.MetadataProps.Remove(model.MetadataProps.Single(entry => entry.Key == key));
        }

        OnnxModelDescription description = OnnxModelContract.Describe(model, "test");

        Assert.Equal(Vocabulary, description.Vocabulary);
    }

    private static ModelProto Export(OnnxInputForm form, CharacterVocabulary? vocabulary = null)
    {
        vocabulary ??= Vocabulary;
        NetworkConfig config = NetworkPresets.Load("small").Network.WithShape(WindowSize, vocabulary.Count);
        using var generator = new torch.Generator(3);
        using LanguageNetwork network = config.Build(generator);
        return NetworkOnnxExporter.Export(network, form, vocabulary, new Dictionary<string, string>
        {
            [OnnxNames.WindowKindKey] = nameof(WindowKind.Centered),
            [OnnxNames.TrainingKey] = "{}",
        });
    }

    private string Write(ModelProto model, string name)
    {
        string path = Path.Combine(_folder, name);
        OnnxModelFile.Write(model, path);
        return path;
    }
}
