using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class EnsembleOnnxExporterTests
{
    private readonly MLContext _mlContext = new MLContext(0).RegisterLanguageInterpolation();

    [Fact]
    public void Export_MixedTrainersWindowsAndVocabularies_ApplyOnnxModelAndPredictionEngineMatchTheLibraryMixture()
    {
        string folder = TestData.NewScratchFolder();
        string manifest = Path.Combine(folder, "ensemble.json");
        string onnx = Path.Combine(folder, "ensemble.onnx");
        EnsembleBuilder.Create(_mlContext, manifest, [TinyMembers.Member("dunwich"), TinyMembers.Member("alice"), TinyMembers.Member("verwandlung"), TinyMembers.Member("shakespeare")], TinyMembers.HeldOut);
        LoadedEnsemble ensemble = LoadedEnsemble.Load(_mlContext, manifest);

        EnsembleOnnxExporter.Export(ensemble, onnx);

        Assert.True(File.Exists(OnnxSidecarFile.PathFor(onnx)));
        using OnnxLanguageModel model = OnnxLanguageModel.Load(onnx);
        Assert.Equal(ensemble.Vocabulary.Characters, model.Vocabulary.Characters);
        Assert.Equal(8, model.WindowSize);
        Assert.DoesNotContain(EnsembleOnnxExporter.ToOnnx(ensemble).Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
        OnnxChecker.Check(onnx);

        // The deployment path: featurizer + ApplyOnnxModel, one window at a time through a PredictionEngine.
        var rows = _mlContext.Data.LoadFromEnumerable(new[] { new MemberScores.ContextRow { Context = "abcdefgh" } });
        ITransformer pipeline = model.CreateMlNetPipeline(_mlContext).Fit(rows);
        using var engine = new PredictionEngineScorer(_mlContext, pipeline, model.Vocabulary, model.WindowSize);
        using var library = new EnsembleScorer(_mlContext, ensemble);
        var deployed = new float[model.Vocabulary.Count];
        var expected = new float[model.Vocabulary.Count];
        foreach (string text in new[] { "Who are ", "Gregor S", "the hill", "ü und ß?" })
        {
            int[] window = text.Select(character => ensemble.Vocabulary.IdOfContextCharacter(character)).ToArray();
            engine.Score(window, deployed);
            library.Score(window, expected);
            // The ONNX members are checked against their own pipelines elsewhere to 1e-4; the mixture adds float rounding.
            Assert.Equal(expected, deployed, (x, y) => Math.Abs(x - y) <= 1e-4);
            Assert.Equal(1.0, deployed.Sum(), 3);
        }
    }
}
