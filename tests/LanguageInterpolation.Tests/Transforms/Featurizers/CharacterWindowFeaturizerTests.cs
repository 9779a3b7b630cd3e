using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Transforms.Featurizers;

public class CharacterWindowFeaturizerTests
{
    private static float Ascii(char character) => (character - 64 + 0.5f) / 64; // the original's encoding

    [Fact]
    public void Transform_AsciiContext_GivesTheOriginalsInputValues()
    {
        var mlContext = new MLContext(1);
        IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new ContextRow { Context = "Ab ~" } });

        Output output = Featurize(mlContext, rows, CharacterVocabulary.Ascii, 4).Single();

        Assert.Equal(new[] { Ascii('A'), Ascii('b'), Ascii(' '), Ascii('~') }, output.Features);
        Assert.Equal(new long[] { 'A', 'b', ' ', '~' }, output.CharacterIds);
        Assert.Equal(0.0234375f, output.Features[0]); // 'A' = 65 -> 1.5/64
    }

    [Fact]
    public void Transform_ShortContext_IsPaddedWithSpacesOnTheLeft_LongKeepsItsEnd()
    {
        var mlContext = new MLContext(1);
        IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new ContextRow { Context = "xy" }, new ContextRow { Context = "abcdefgh" } });

        Output[] outputs = Featurize(mlContext, rows, CharacterVocabulary.Ascii, 4);

        Assert.Equal(new long[] { ' ', ' ', 'x', 'y' }, outputs[0].CharacterIds);
        Assert.Equal(new long[] { 'e', 'f', 'g', 'h' }, outputs[1].CharacterIds);
    }

    [Fact]
    public void Transform_NonAsciiContext_IsTransliteratedOrFallsBackToSpace()
    {
        var mlContext = new MLContext(1);
        IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new ContextRow { Context = "\u201Cé中\u2014" } }); // curly quote, é, a CJK character, em dash

        Output output = Featurize(mlContext, rows, CharacterVocabulary.Ascii, 4).Single();

        Assert.Equal(new long[] { '"', 'e', ' ', '-' }, output.CharacterIds);
    }

    [Fact]
    public void Transform_CorpusVocabulary_MapsItsCharactersAndUnknownSymbol()
    {
        var mlContext = new MLContext(1);
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["Tür zu"]);
        IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new ContextRow { Context = "üX z" } });

        Output output = Featurize(mlContext, rows, vocabulary, 4).Single();

        vocabulary.TryGetId('ü', out int umlaut);
        vocabulary.TryGetId('z', out int z);
        Assert.Equal(new long[] { umlaut, vocabulary.UnknownId!.Value, vocabulary.Characters.IndexOf(' ', StringComparison.Ordinal), z }, output.CharacterIds);
        Assert.Equal(output.CharacterIds.Select(id => vocabulary.InputValue((int)id)), output.Features);
    }

    [Fact]
    public void Transform_LoaderRows_EqualTheLoadersOwnFeatures()
    {
        var mlContext = new MLContext(1);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 3_000);

        IDataView featurized = mlContext.Transforms.Text.FeaturizeCharacterWindow(data.Vocabulary, data.WindowSize).Fit(data.Test).Transform(data.Test);

        float[][] fromLoader = mlContext.Data.CreateEnumerable<FeatureRow>(data.Test, reuseRowObject: false).Select(row => row.Features).ToArray();
        float[][] fromFeaturizer = mlContext.Data.CreateEnumerable<FeatureRow>(featurized, reuseRowObject: false).Select(row => row.Features).ToArray();
        Assert.Equal(fromLoader, fromFeaturizer);
    }

    [Fact]
    public void SaveAndLoad_FeaturizerAlone_KeepsVocabularyAndWindow()
    {
        var mlContext = new MLContext(1);
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["Tür zu"]);
        IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new ContextRow { Context = "ür z" } });
        ITransformer model = mlContext.Transforms.Text.FeaturizeCharacterWindow(vocabulary, 3).Fit(rows);
        string path = Path.Combine(TestData.NewScratchFolder(), "featurizer.zip");

        mlContext.Model.Save(model, rows.Schema, path);
        ITransformer loaded = new MLContext(2).RegisterLanguageInterpolation().Model.Load(path, out _);

        Output before = mlContext.Data.CreateEnumerable<Output>(model.Transform(rows), false).Single();
        Output after = mlContext.Data.CreateEnumerable<Output>(loaded.Transform(rows), false).Single();
        Assert.Equal(before.CharacterIds, after.CharacterIds);
        Assert.Equal(before.Features, after.Features);
        Assert.Equal(3, after.Features.Length);
    }

    [Fact]
    public void Fit_WithoutContextColumn_NamesTheColumn()
    {
        var mlContext = new MLContext(1);
        IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new FeatureRow { Features = [1f] } });

        var error = Assert.Throws<ArgumentException>(() => mlContext.Transforms.Text.FeaturizeCharacterWindow(CharacterVocabulary.Ascii).Fit(rows));

        Assert.Contains("Column 'Context' not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WindowLongerThanSupported_Fails()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CharacterWindowFeaturizer(new MLContext(0), CharacterVocabulary.Ascii, ContextCodesMapping.MaxContextLength + 1));

        Assert.Contains("1 to 512", error.Message, StringComparison.Ordinal);
    }

    private static Output[] Featurize(MLContext mlContext, IDataView rows, CharacterVocabulary vocabulary, int windowSize) =>
        mlContext.Data.CreateEnumerable<Output>(
            mlContext.Transforms.Text.FeaturizeCharacterWindow(vocabulary, windowSize).Fit(rows).Transform(rows), reuseRowObject: false).ToArray();

    private sealed class ContextRow
    {
        public string Context { get; set; } = string.Empty;
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float[] Features { get; set; } = [];

        public long[] CharacterIds { get; set; } = [];
    }
}
