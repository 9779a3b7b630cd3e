using LanguageInterpolation.Common.MlNet;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// The network trainers on <c>mlContext.MulticlassClassification.Trainers</c>, next to ML.NET's own
/// <c>LightGbm</c>: each has a simple overload and an <c>Options</c> overload, takes the same featurized data
/// and gives the same <c>Score</c>/<c>PredictedLabel</c> columns, so swapping trainers is one line.
/// </summary>
public static class NetworkTrainersCatalog
{
    /// <summary>High-order MLP with the most common settings.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size int64 vector of the window's character ids.</param>
    /// <param name="hiddenWidth">Width of the hidden layers. <value>250</value></param>
    /// <param name="hiddenLayers">Hidden layers. <value>1</value></param>
    /// <param name="inputSegments">Segments of the input layer's link functions. <value>128</value></param>
    /// <param name="maxEpochs">Maximum epochs. <value>20</value></param>
    /// <param name="learningRate">Lion learning rate. <value>1e-4</value></param>
    /// <param name="batchSize">Mini-batch size. <value>1000</value></param>
    public static HighOrderMlpTrainer HighOrderMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = CharacterWindowColumns.Label, string featureColumnName = CharacterWindowColumns.CharacterIds,
        int hiddenWidth = NetworkDefaults.HiddenWidth, int hiddenLayers = NetworkDefaults.HiddenLayers, int inputSegments = NetworkDefaults.InputSegments,
        int maxEpochs = TrainingDefaults.MaxEpochs, double learningRate = TrainingDefaults.LearningRate, int batchSize = TrainingDefaults.BatchSize) =>
        catalog.HighOrderMlp(new HighOrderMlpTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            Network = new HighOrderMlpConfig { HiddenWidth = hiddenWidth, HiddenLayers = hiddenLayers, InputSegments = inputSegments },
            Training = Training(maxEpochs, learningRate, batchSize),
        });

    /// <summary>High-order MLP with every option.</summary>
    public static HighOrderMlpTrainer HighOrderMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, HighOrderMlpTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = EnvironmentOf(catalog);
        return new HighOrderMlpTrainer(environment, MlNetInternals.ComponentContext(environment, "network trainer components"), options);
    }

    /// <summary>High-order input layer + ReLU MLP with the most common settings.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size int64 vector of the window's character ids.</param>
    /// <param name="hiddenWidth">Width of the hidden layers. <value>250</value></param>
    /// <param name="inputSegments">Segments of the input layer's link functions. <value>128</value></param>
    /// <param name="maxEpochs">Maximum epochs. <value>20</value></param>
    /// <param name="learningRate">Lion learning rate. <value>1e-4</value></param>
    /// <param name="batchSize">Mini-batch size. <value>1000</value></param>
    public static HighOrderInputMlpTrainer HighOrderInputMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = CharacterWindowColumns.Label, string featureColumnName = CharacterWindowColumns.CharacterIds,
        int hiddenWidth = NetworkDefaults.HiddenWidth, int inputSegments = NetworkDefaults.InputSegments,
        int maxEpochs = TrainingDefaults.MaxEpochs, double learningRate = TrainingDefaults.LearningRate, int batchSize = TrainingDefaults.BatchSize) =>
        catalog.HighOrderInputMlp(new HighOrderInputMlpTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            Network = new HighOrderInputMlpConfig { HiddenWidth = hiddenWidth, InputSegments = inputSegments },
            Training = Training(maxEpochs, learningRate, batchSize),
        });

    /// <summary>High-order input layer + ReLU MLP with every option.</summary>
    public static HighOrderInputMlpTrainer HighOrderInputMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, HighOrderInputMlpTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = EnvironmentOf(catalog);
        return new HighOrderInputMlpTrainer(environment, MlNetInternals.ComponentContext(environment, "network trainer components"), options);
    }

    /// <summary>ReLU MLP baseline with the most common settings.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size int64 vector of the window's character ids.</param>
    /// <param name="hiddenWidth">Width of the hidden layers. <value>250</value></param>
    /// <param name="hiddenLayers">Hidden layers. <value>2</value></param>
    /// <param name="maxEpochs">Maximum epochs. <value>20</value></param>
    /// <param name="learningRate">Lion learning rate. <value>1e-4</value></param>
    /// <param name="batchSize">Mini-batch size. <value>1000</value></param>
    public static ReluMlpTrainer ReluMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = CharacterWindowColumns.Label, string featureColumnName = CharacterWindowColumns.CharacterIds,
        int hiddenWidth = NetworkDefaults.HiddenWidth, int hiddenLayers = 2,
        int maxEpochs = TrainingDefaults.MaxEpochs, double learningRate = TrainingDefaults.LearningRate, int batchSize = TrainingDefaults.BatchSize) =>
        catalog.ReluMlp(new ReluMlpTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            Network = new ReluMlpConfig { HiddenWidth = hiddenWidth, HiddenLayers = hiddenLayers },
            Training = Training(maxEpochs, learningRate, batchSize),
        });

    /// <summary>ReLU MLP baseline with every option.</summary>
    public static ReluMlpTrainer ReluMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, ReluMlpTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = EnvironmentOf(catalog);
        return new ReluMlpTrainer(environment, MlNetInternals.ComponentContext(environment, "network trainer components"), options);
    }

    /// <summary>Embedding-bag MLP baseline with the most common settings.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size int64 vector of the window's character ids.</param>
    /// <param name="hiddenWidth">Embedding and hidden width. <value>250</value></param>
    /// <param name="maxEpochs">Maximum epochs. <value>20</value></param>
    /// <param name="learningRate">Lion learning rate. <value>1e-4</value></param>
    /// <param name="batchSize">Mini-batch size. <value>1000</value></param>
    public static EmbeddingBagMlpTrainer EmbeddingBagMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = CharacterWindowColumns.Label, string featureColumnName = CharacterWindowColumns.CharacterIds,
        int hiddenWidth = NetworkDefaults.HiddenWidth,
        int maxEpochs = TrainingDefaults.MaxEpochs, double learningRate = TrainingDefaults.LearningRate, int batchSize = TrainingDefaults.BatchSize) =>
        catalog.EmbeddingBagMlp(new EmbeddingBagMlpTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            Network = new EmbeddingBagMlpConfig { HiddenWidth = hiddenWidth },
            Training = Training(maxEpochs, learningRate, batchSize),
        });

    /// <summary>Embedding-bag MLP baseline with every option.</summary>
    public static EmbeddingBagMlpTrainer EmbeddingBagMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, EmbeddingBagMlpTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = EnvironmentOf(catalog);
        return new EmbeddingBagMlpTrainer(environment, MlNetInternals.ComponentContext(environment, "network trainer components"), options);
    }

    /// <summary>Any network configuration, e.g. a preset's (<see cref="NetworkTrainer.Options.FromPreset"/>).</summary>
    public static NetworkTrainer Network(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, NetworkTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = EnvironmentOf(catalog);
        return new NetworkTrainer(environment, MlNetInternals.ComponentContext(environment, "network trainer components"), options);
    }

    /// <summary>A named preset from <c>models/presets</c> (small, large_single_layer, large_double_layer, large_standard, ...).</summary>
    public static NetworkTrainer NetworkPreset(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string preset) =>
        catalog.Network(NetworkTrainer.Options.FromPreset(NetworkPresets.Load(preset)));

    private static TrainingOptions Training(int maxEpochs, double learningRate, int batchSize) => new()
    {
        MaxEpochs = maxEpochs,
        BatchSize = batchSize,
        Optimizer = new OptimizerOptions { Kind = OptimizerKind.Lion, LearningRate = learningRate },
    };

    // The caller's environment receives the trainer's progress (a catalog does not hold the caller's MLContext).
    private static IHostEnvironment EnvironmentOf(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog) =>
        MlNetInternals.RequireEnvironmentOf(catalog, "construct the trainer with new NetworkTrainer(mlContext, options) instead.");
}
