using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
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

    /// <summary>Every name <see cref="CreatePipeline(MLContext, string, CharacterWindowData, TrainerSettings)"/> accepts:
    /// LightGBM, the shipped presets, and every registered network type (<see cref="NetworkRegistry"/>), which
    /// trains the type's default architecture with the default training options.</summary>
    public static IReadOnlyList<string> Names =>
        [LightGbm, .. NetworkPresets.Names, .. NetworkRegistry.Names.Except(NetworkPresets.Names, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The preset a network trainer name stands for: a shipped preset, a preset file, or a network type with defaults.</summary>
    public static NetworkPreset? FindPreset(string trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (NetworkPresets.Exists(trainer))
        {
            return NetworkPresets.Load(trainer);
        }
        return NetworkRegistry.Find(trainer) is NetworkType type ? new NetworkPreset { Name = type.Name, Network = type.CreateDefault() } : null;
    }

    /// <summary>Builds the pipeline for a trainer name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IEstimator<ITransformer> CreatePipeline(MLContext mlContext, string trainer, CharacterWindowData data, TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.Equals(trainer, LightGbm, StringComparison.OrdinalIgnoreCase))
        {
            return LanguagePipelines.LightGbm(mlContext, data.Vocabulary, data.WindowSize, LightGbmOptions(settings), settings.TimeBudget, settings.Log);
        }
        if (FindPreset(trainer) is NetworkPreset preset)
        {
            return CreatePipeline(mlContext, preset, data, settings);
        }
        throw UnknownTrainer(trainer);
    }

    /// <summary>The LightGBM baseline's options with the settings that were given.</summary>
    public static LightGbmBaselineOptions LightGbmOptions(TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = new LightGbmBaselineOptions();
        return defaults with
        {
            NumberOfIterations = settings.Iterations ?? defaults.NumberOfIterations,
            NumberOfLeaves = settings.Leaves ?? defaults.NumberOfLeaves,
            LearningRate = settings.LearningRate ?? defaults.LearningRate,
            CategoricalContext = settings.Categorical,
            Threads = settings.Threads ?? 0,
            Seed = settings.Seed,
        };
    }

    /// <summary>The error for a name that is no trainer; it lists the known ones.</summary>
    public static ArgumentException UnknownTrainer(string trainer) =>
        new($"Unknown trainer '{trainer}'. Known trainers: {string.Join(", ", Names)}, or a preset file (.json).", nameof(trainer));

    /// <summary>Builds the pipeline of a preset held in memory (what a search tries), with the settings applied.</summary>
    public static IEstimator<ITransformer> CreatePipeline(MLContext mlContext, NetworkPreset preset, CharacterWindowData data, TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var options = NetworkTrainer.Options.FromPreset(preset);
        options.Training = ApplySettings(preset.Training, settings);
        options.ValidationData = settings.Validation;
        options.Progress = settings.Progress;
        options.Cancellation = settings.Cancellation;
        options.InitialNetwork = settings.InitialNetwork;
        return LanguagePipelines.WithFeaturizer(mlContext, data.Vocabulary, data.WindowSize, new NetworkTrainer(mlContext, options));
    }

    /// <summary>A preset's training options with the settings that were given.</summary>
    public static TrainingOptions ApplySettings(TrainingOptions preset, TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(settings);
        return preset with
        {
            Seed = settings.Seed,
            Threads = settings.Threads ?? preset.Threads,
            MaxEpochs = settings.MaxEpochs ?? preset.MaxEpochs,
            BatchSize = settings.BatchSize ?? preset.BatchSize,
            Optimizer = settings.LearningRate is double rate ? preset.Optimizer with { LearningRate = rate } : preset.Optimizer,
            TimeBudget = settings.TimeBudget ?? preset.TimeBudget,
            Device = settings.Device ?? preset.Device,
            CheckpointPath = settings.CheckpointPath ?? preset.CheckpointPath,
            ResumeFrom = settings.ResumeFrom ?? preset.ResumeFrom,
        };
    }
}
