using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Pipelines.OnnxInference;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

[Collection(OnnxInferenceCollection.Name)]
public sealed class PredictionEngineScorerTests(OnnxInferenceFixture fixture)
{
    [Fact]
    public void Dispose_Scorer_LeavesTheModelUsable()
    {
        LoadedLanguageModel loaded = LanguageModelFile.Load(fixture.MlContext, fixture.Network.ZipPath);
        var probabilities = new float[fixture.Vocabulary.Count];
        using (var scorer = new PredictionEngineScorer(fixture.MlContext, loaded.Model, fixture.Vocabulary, OnnxInferenceFixture.WindowSize))
        {
            scorer.Score(new int[OnnxInferenceFixture.WindowSize], probabilities);
        }

        // A prediction engine disposes its transformer unless told it does not own it; this one must not.
        float[][] scores = loaded.Model.Transform(fixture.Data.Validation).GetColumn<float[]>(CharacterWindowColumns.Score).ToArray();

        Assert.Equal(fixture.ValidationRows, scores.Length);
        Assert.Equal(1.0, probabilities.Sum(), 1e-4);
    }
}
