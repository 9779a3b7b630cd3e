using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// Every trainer the CLI and the comparison can build by name: the LightGBM baseline, the network
/// presets and the network types. Each becomes a complete pipeline (featurizer + trainer).
/// </summary>
public static class TrainerRegistry
{
    /// <summary>The LightGBM baseline's name.</summary>
    public const string LightGbm = "lightgbm";

    /// <summary>Every name <see cref="CreatePipeline"/> accepts.</summary>
    public static IReadOnlyList<string> Names => [LightGbm];

    /// <summary>Builds the pipeline for a trainer name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IEstimator<ITransformer> CreatePipeline(MLContext mlContext, string trainer, CharacterWindowData data, TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.Equals(trainer, LightGbm, StringComparison.OrdinalIgnoreCase))
        {
            var defaults = new LightGbmBaselineOptions();
            var options = defaults with
            {
                NumberOfIterations = settings.Iterations ?? defaults.NumberOfIterations,
                NumberOfLeaves = settings.Leaves ?? defaults.NumberOfLeaves,
                LearningRate = settings.LearningRate ?? defaults.LearningRate,
                CategoricalContext = settings.Categorical,
                Threads = settings.Threads ?? 0,
                Seed = settings.Seed,
            };
            return LanguagePipelines.LightGbm(mlContext, data.Vocabulary, data.WindowSize, options);
        }
        throw new ArgumentException($"Unknown trainer '{trainer}'. Known trainers: {string.Join(", ", Names)}.", nameof(trainer));
    }
}
