using LanguageInterpolation.Trainers.Optimizers;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>The single source of training defaults.</summary>
public static class TrainingDefaults
{
    /// <summary>Learning rate of the default optimiser (Lion): <see cref="OptimizerDefaults.LionLearningRate"/>, named
    /// here for the trainer catalog's parameters.</summary>
    public const double LearningRate = OptimizerDefaults.LionLearningRate;

    /// <summary>Maximum epochs.</summary>
    public const int MaxEpochs = 20;

    /// <summary>Mini-batch size.</summary>
    public const int BatchSize = 1000;

    /// <summary>Early-stopping patience in epochs: longer than the plateau schedule's patience (5), so that a
    /// plateau first lowers the learning rate before training stops.</summary>
    public const int EarlyStoppingPatience = 10;

    /// <summary>Smallest fall of the validation loss (nats) that counts as better for early stopping: 0, any fall
    /// (Lightning's default, which the original used).</summary>
    public const double EarlyStoppingMinDelta = 0;

    /// <summary>Device.</summary>
    public const string Device = "cpu";

    /// <summary>Batch size of validation passes.</summary>
    public const int EvaluationBatchSize = 4096;
}
