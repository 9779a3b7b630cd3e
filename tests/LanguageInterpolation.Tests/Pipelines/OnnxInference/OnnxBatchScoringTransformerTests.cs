using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

[Collection(OnnxInferenceCollection.Name)]
public sealed class OnnxBatchScoringTransformerTests(OnnxInferenceFixture fixture)
{
    [Fact]
    public void Transform_BlocksThatDoNotDivideTheRows_SameScoresAndLabelsAsTheMlNetPath()
    {
        // 7 does not divide the row count, so the last block is partial.
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.Network.OnnxPath, new OnnxLanguageModelOptions { BatchSize = 7 });
        Assert.NotEqual(0, fixture.ValidationRows % 7);
        IDataView mlNet = model.CreateMlNetPipeline(fixture.MlContext).Fit(fixture.Data.Validation).Transform(fixture.Data.Validation);

        IDataView batched = model.CreateBatchScorer().Transform(fixture.Data.Validation);

        float[][] expected = mlNet.GetColumn<float[]>(CharacterWindowColumns.Score).ToArray();
        float[][] actual = batched.GetColumn<float[]>(CharacterWindowColumns.Score).ToArray();
        Assert.Equal(fixture.ValidationRows, actual.Length);
        for (int row = 0; row < actual.Length; row++)
        {
            Assert.Equal(expected[row].Length, actual[row].Length);
            Assert.True(expected[row].Zip(actual[row]).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-6), $"row {row} differs");
        }
        Assert.Equal(mlNet.GetColumn<uint>(CharacterWindowColumns.PredictedLabel), batched.GetColumn<uint>(CharacterWindowColumns.PredictedLabel));
        Assert.Equal(fixture.Data.Validation.GetColumn<uint>(CharacterWindowColumns.Label), batched.GetColumn<uint>(CharacterWindowColumns.Label));
    }

    [Fact]
    public void Transform_CharacterIdsColumn_SameScoresAsFeaturesColumn()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.LightGbmCategorical.OnnxPath, new OnnxLanguageModelOptions { BatchSize = 64 });
        IDataView withIds = fixture.MlContext.Transforms.Text.FeaturizeCharacterWindow(fixture.Vocabulary, OnnxInferenceFixture.WindowSize)
            .Fit(fixture.Data.Validation).Transform(fixture.Data.Validation);
        OnnxBatchScoringTransformer scorer = model.CreateBatchScorer();

        float[][] fromIds = scorer.Transform(withIds).GetColumn<float[]>(CharacterWindowColumns.Score).ToArray();
        float[][] fromFeatures = scorer.Transform(fixture.Data.Validation).GetColumn<float[]>(CharacterWindowColumns.Score).ToArray();

        Assert.Equal(fromFeatures, fromIds);
    }

    [Fact]
    public void GetOutputSchema_WindowColumns_AddsScoreAndPredictedLabelNamedByCharacters()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.LightGbm.OnnxPath);

        var schema = model.CreateBatchScorer().GetOutputSchema(fixture.Data.Validation.Schema);

        Assert.Equal(fixture.Vocabulary.Count, Assert.IsType<VectorDataViewType>(schema[CharacterWindowColumns.Score].Type).Size);
        Assert.Equal((ulong)fixture.Vocabulary.Count, Assert.IsType<KeyDataViewType>(schema[CharacterWindowColumns.PredictedLabel].Type).Count);
        VBuffer<ReadOnlyMemory<char>> names = default;
        schema[CharacterWindowColumns.PredictedLabel].GetKeyValues(ref names);
        Assert.Equal(fixture.Vocabulary.Characters, string.Concat(names.DenseValues().Select(name => name.ToString())));
        Assert.NotNull(schema.GetColumnOrNull(CharacterWindowColumns.Label));
    }

    [Fact]
    public void GetOutputSchema_NoWindowColumn_ThrowsNamingBothColumns()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.LightGbm.OnnxPath);
        IDataView labels = fixture.MlContext.Transforms.SelectColumns(CharacterWindowColumns.Label).Fit(fixture.Data.Validation).Transform(fixture.Data.Validation);

        ArgumentException error = Assert.Throws<ArgumentException>(() => model.CreateBatchScorer().GetOutputSchema(labels.Schema));

        Assert.Contains("Neither 'CharacterIds' (vector of 8 Int64) nor 'Features' (vector of 8 Single) found; columns: Label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_IdsOfAnotherWindowSize_ThrowsNamingColumnAndType()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.LightGbm.OnnxPath);
        IDataView wide = fixture.MlContext.Transforms.Concatenate(CharacterWindowColumns.CharacterIds, CharacterWindowColumns.CharacterIds, CharacterWindowColumns.CharacterIds)
            .Fit(fixture.Data.Validation).Transform(fixture.Data.Validation);

        ArgumentException error = Assert.Throws<ArgumentException>(() => model.CreateBatchScorer().Transform(wide));

        Assert.Contains("Column 'CharacterIds': expected a known-size vector of 8 Int64, got Vector<Int64, 16>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_FeaturesOfAnotherWindowSize_ThrowsNamingColumnAndType()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.LightGbm.OnnxPath);
        IDataView featuresOnly = fixture.MlContext.Transforms.DropColumns(CharacterWindowColumns.CharacterIds).Fit(fixture.Data.Validation).Transform(fixture.Data.Validation);
        IDataView wide = fixture.MlContext.Transforms.Concatenate(CharacterWindowColumns.Features, CharacterWindowColumns.Features, CharacterWindowColumns.Features)
            .Fit(featuresOnly).Transform(featuresOnly);

        ArgumentException error = Assert.Throws<ArgumentException>(() => model.CreateBatchScorer().Transform(wide));

        Assert.Contains("Column 'Features': expected a known-size vector of 8 Single, got Vector<Single, 16>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveAndRowMapper_NotSupported_SayWhatToDoInstead()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.LightGbm.OnnxPath);
        OnnxBatchScoringTransformer scorer = model.CreateBatchScorer();

        Exception save = Assert.ThrowsAny<Exception>(() => fixture.MlContext.Model.Save(scorer, fixture.Data.Validation.Schema, new MemoryStream()));
        NotSupportedException mapper = Assert.Throws<NotSupportedException>(() => scorer.GetRowToRowMapper(fixture.Data.Validation.Schema));

        Assert.False(scorer.IsRowToRowMapper);
        Assert.Contains("save the ONNX file", (save.InnerException ?? save).Message, StringComparison.Ordinal);
        Assert.Contains("PredictionEngines", mapper.Message, StringComparison.Ordinal);
    }
}
