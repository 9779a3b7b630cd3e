using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// A complete fitted pipeline (featurizer + <see cref="NetworkModel"/>) around a network that was not
/// trained by this pipeline, e.g. a refined one: the same shape as a trained pipeline, so that it saves,
/// loads, evaluates, exports and generates like any model. No data is needed: both parts are fitted on
/// an empty view with the window rows' schema.
/// </summary>
public static class NetworkPipeline
{
    /// <summary>The fitted pipeline and the input schema to save it with.</summary>
    public static (ITransformer Model, DataViewSchema InputSchema) Create(MLContext mlContext, LanguageNetwork network, CharacterVocabulary vocabulary, int windowSize, WindowKind windowKind)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var noRows = new CharacterWindowDataView(new CharacterWindows(Array.Empty<int[]>(), vocabulary, windowSize, windowKind, stride: 1));
        var featurizer = new CharacterWindowFeaturizer(mlContext, vocabulary, windowSize).Fit(noRows);
        NetworkModel networkModel = NetworkModel.FromNetwork(mlContext, network, vocabulary, featurizer.Transform(noRows));
        return (featurizer.Append(networkModel), noRows.Schema);
    }
}
