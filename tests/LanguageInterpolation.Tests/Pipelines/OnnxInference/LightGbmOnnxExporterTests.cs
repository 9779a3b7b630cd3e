using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

[Collection(OnnxInferenceCollection.Name)]
public sealed class LightGbmOnnxExporterTests(OnnxInferenceFixture fixture)
{
    // ML.NET sums the trees in double and ONNX Runtime in float, then both apply the same sigmoid and
    // normalisation: differences stay near 1e-7; 1e-4 is the agreed bound for deployment.
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("lightgbm-categorical")]
    public void Export_ValidationRows_ProbabilitiesWithinToleranceAndSameLabelsAsMlNet(string name)
    {
        TrainedModel model = fixture.Model(name);
        (float[][] expected, int[] expectedLabels) = fixture.ScoreWithPipeline(model.Pipeline);

        (float[] scores, long[] labels) = OrtRunner.Run(model.OnnxPath, fixture.ValidationIds, OnnxInferenceFixture.WindowSize);

        Assert.Equal(fixture.ValidationRows, labels.Length);
        Assert.InRange(OrtRunner.MaxDifference(scores, expected), 0, Tolerance);
        Assert.Equal(expectedLabels.Select(label => (long)label), labels);
    }

    [Fact]
    public void Export_CategoricalContext_WritesEveryCategoricalSplitAsFeatureTests()
    {
        ModelProto model = OnnxModelFile.Read(fixture.LightGbmCategorical.OnnxPath);

        var trees = model.Graph.Node.Where(node => node.OpType == "TreeEnsembleRegressor").ToList();

        Assert.Equal(fixture.Vocabulary.Count, trees.Count);
        Assert.All(trees, tree => Assert.DoesNotContain(tree.Attribute.Single(attribute => attribute.Name == "nodes_featureids").Ints, id => id < 0));
        // The one-hot variant splits on character sets: without such splits this test could not fail.
        Assert.Contains(trees, tree => tree.Attribute.Single(attribute => attribute.Name == "nodes_modes").Strings.Any(mode => mode.ToStringUtf8() == "BRANCH_GT"));
    }

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("lightgbm-categorical")]
    public void Export_Model_IsIr8Opset17WithTheContractMetadata(string name)
    {
        ModelProto model = OnnxModelFile.Read(fixture.Model(name).OnnxPath);
        IReadOnlyDictionary<string, string> metadata = OnnxModelFile.Metadata(model);

        Assert.Equal(8, model.IrVersion);
        Assert.Equal([("", 17L), ("ai.onnx.ml", 2L)], model.OpsetImport.Select(import => (import.Domain, import.Version)).OrderBy(pair => pair.Domain));
        Assert.Equal([OnnxNames.CharacterIds], model.Graph.Input.Select(input => input.Name));
        Assert.Equal([OnnxNames.Score, OnnxNames.PredictedLabel], model.Graph.Output.Select(output => output.Name));
        Assert.Equal(LightGbmOnnxExporter.NetworkName, metadata[OnnxNames.NetworkKey]);
        Assert.Equal(AsciiJson.Quote(fixture.Vocabulary.Characters), metadata[OnnxNames.CharactersKey]);
        Assert.Equal("2", metadata[OnnxNames.ContractVersionKey]);
        Assert.Equal("clamp", metadata[OnnxNames.OutOfRangeIdsKey]);
        Assert.Equal("{}", metadata[OnnxNames.TransliterationKey]);
        Assert.Equal(fixture.Vocabulary.Serialize(), metadata[OnnxNames.VocabularyKey]);
        Assert.Equal("8", metadata[OnnxNames.WindowSizeKey]);
        Assert.Equal("Sequence", metadata[OnnxNames.WindowKindKey]);
        Assert.Equal(nameof(OnnxInputForm.CharacterIds), metadata[OnnxNames.InputFormKey]);
        Assert.Contains("\"trainer\":\"lightgbm\"", metadata[OnnxNames.TrainingKey], StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ScoringPartWithoutFeaturizer_ThrowsNamingTheFeaturizer()
    {
        var chain = (TransformerChain<ITransformer>)fixture.LightGbm.Pipeline;
        var withoutFeaturizer = new TransformerChain<ITransformer>(chain.Skip(1).Append(chain.Last()).ToArray());

        NotSupportedException error = Assert.Throws<NotSupportedException>(
            () => LightGbmOnnxExporter.Export(withoutFeaturizer, fixture.Vocabulary, OnnxInferenceFixture.WindowSize));

        Assert.Contains("not the character-window featurizer", error.Message, StringComparison.Ordinal);
    }
}
