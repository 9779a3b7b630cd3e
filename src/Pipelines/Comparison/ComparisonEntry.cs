using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>
/// One contestant of a comparison: a name and a factory that builds its complete pipeline (the
/// character-window featurizer followed by a trainer) for the comparison's data and settings. Build
/// entries with <see cref="Named(string)"/> (LightGBM, a shipped preset or a preset file), <see cref="FromPreset"/>
/// (a preset held in memory) or <see cref="FromPipeline"/> (any pipeline composed in C#).
/// </summary>
/// <example>
/// <code>
/// var entries = new[]
/// {
///     ComparisonEntry.Named("lightgbm"),
///     ComparisonEntry.Named("small"),
///     ComparisonEntry.FromPipeline("maxent", (ml, data, settings) =>
///         LanguagePipelines.WithFeaturizer(ml, data.Vocabulary, data.WindowSize, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())),
/// };
/// </code>
/// </example>
public sealed record ComparisonEntry
{
    /// <summary>The name in tables, charts and logs; unique within a comparison.</summary>
    public required string Name { get; init; }

    /// <summary>Builds the complete pipeline from the context, the data (vocabulary, window size) and the
    /// entry's settings. The pipeline must read the window columns and write <c>Score</c> and
    /// <c>PredictedLabel</c>; it generates a sample only when it starts from the <c>Context</c> text (as
    /// <see cref="LanguagePipelines.WithFeaturizer"/> does).</summary>
    public required Func<MLContext, CharacterWindowData, TrainerSettings, IEstimator<ITransformer>> CreatePipeline { get; init; }

    /// <summary>Changes the comparison's shared settings for this entry only (e.g. more LightGBM iterations);
    /// null keeps them.</summary>
    public Func<TrainerSettings, TrainerSettings>? ConfigureSettings { get; init; }

    /// <summary>A trainer the <see cref="TrainerRegistry"/> knows: "lightgbm", a shipped preset name, or a
    /// preset file path.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static ComparisonEntry Named(string trainer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trainer);
        if (!string.Equals(trainer, TrainerRegistry.LightGbm, StringComparison.OrdinalIgnoreCase) && TrainerRegistry.FindPreset(trainer) is null)
        {
            throw TrainerRegistry.UnknownTrainer(trainer);
        }
        return new ComparisonEntry
        {
            Name = trainer,
            CreatePipeline = (mlContext, data, settings) => TrainerRegistry.CreatePipeline(mlContext, trainer, data, settings),
        };
    }

    /// <summary>A network preset held in memory, trained with the comparison's settings applied over the
    /// preset's training options.</summary>
    public static ComparisonEntry FromPreset(NetworkPreset preset, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return new ComparisonEntry
        {
            Name = name ?? preset.Name,
            CreatePipeline = (mlContext, data, settings) => TrainerRegistry.CreatePipeline(mlContext, preset, data, settings),
        };
    }

    /// <summary>Any pipeline composed in C#, built by <paramref name="createPipeline"/>.</summary>
    public static ComparisonEntry FromPipeline(string name, Func<MLContext, CharacterWindowData, TrainerSettings, IEstimator<ITransformer>> createPipeline)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(createPipeline);
        return new ComparisonEntry { Name = name, CreatePipeline = createPipeline };
    }

    /// <summary>Entries for trainer names, in order (see <see cref="Named(string)"/>).</summary>
    public static IReadOnlyList<ComparisonEntry> Named(IEnumerable<string> trainers)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        return [.. trainers.Select(Named)];
    }
}
