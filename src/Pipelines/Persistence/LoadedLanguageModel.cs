using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Persistence;

/// <summary>A model read back from a zip.</summary>
/// <param name="Model">The fitted pipeline (featurizer, scorer).</param>
/// <param name="InputSchema">The schema the pipeline was fitted on.</param>
/// <param name="Card">What the model is.</param>
public sealed record LoadedLanguageModel(ITransformer Model, DataViewSchema InputSchema, ModelCard Card);
