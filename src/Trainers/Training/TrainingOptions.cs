using LanguageInterpolation.Trainers.Optimizers;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>How a network is trained: optimiser, schedule, batches, stopping, device, checkpoints.</summary>
public sealed record TrainingOptions
{
    /// <summary>The optimiser. <value>Lion, lr 1e-4</value></summary>
    public OptimizerOptions Optimizer { get; init; } = new() { Kind = OptimizerKind.Lion };

    /// <summary>The learning-rate schedule. <value>reduce on plateau of the validation loss</value></summary>
    public ScheduleOptions Schedule { get; init; } = new() { Kind = ScheduleKind.ReduceOnPlateau };

    /// <summary>Maximum epochs. <value>20</value></summary>
    public int MaxEpochs { get; init; } = TrainingDefaults.MaxEpochs;

    /// <summary>Mini-batch size. <value>1000</value></summary>
    public int BatchSize { get; init; } = TrainingDefaults.BatchSize;

    /// <summary>Stop after this many epochs without a better validation loss; 0 disables. The best weights are restored. <value>10</value></summary>
    public int EarlyStoppingPatience { get; init; } = TrainingDefaults.EarlyStoppingPatience;

    /// <summary>Smallest fall of the validation loss, in nats, that early stopping counts as better. With 0, falls
    /// of float rounding size (a learning rate decayed to its floor) keep resetting the patience. <value>0</value></summary>
    public double EarlyStoppingMinDelta { get; init; } = TrainingDefaults.EarlyStoppingMinDelta;

    /// <summary>Clip the global gradient norm to this; 0 disables. <value>0</value></summary>
    public double GradientClipNorm { get; init; }

    /// <summary>Probability that each context character of a training batch is replaced by a random one,
    /// drawn afresh every batch (input noise as a regulariser); 0 disables. <value>0</value></summary>
    public double InputCorruption { get; init; }

    /// <summary>Seed of initialisation and shuffling. <value>0</value></summary>
    public int Seed { get; init; }

    /// <summary>CPU threads for TorchSharp; 0 means one per core. <value>0</value></summary>
    public int Threads { get; init; }

    /// <summary>When <see cref="Threads"/> is 0: before every epoch, use as many threads as other processes leave cores
    /// free (<see cref="ThreadBudget"/>), so that a busy shared machine is not oversubscribed. Off by default: the
    /// thread count changes the last bits of the results. <value>false</value></summary>
    public bool AdaptThreadsToLoad { get; init; }

    /// <summary>"cpu" or "cuda" (or "cuda:1"). <value>cpu</value></summary>
    public string Device { get; init; } = TrainingDefaults.Device;

    /// <summary>Stop after this much training time (checked after every batch); null means no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Write a checkpoint here after every epoch (atomically); null disables.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Resume from this checkpoint; null starts afresh.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Batch size for validation passes. <value>4096</value></summary>
    public int EvaluationBatchSize { get; init; } = TrainingDefaults.EvaluationBatchSize;

    /// <summary>
    /// <see cref="Validate"/>, then what only a run can check (a preset may leave it to the command line): the
    /// <see cref="ScheduleKind.BudgetCosine"/> schedule needs a <see cref="TimeBudget"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options cannot run; the message names the problem.</exception>
    public void ValidateForRun()
    {
        Validate();
        if (Schedule.Kind == ScheduleKind.BudgetCosine && TimeBudget is null)
        {
            throw new ArgumentException($"Invalid training options: the {ScheduleKind.BudgetCosine} schedule anneals over the run's {nameof(TimeBudget)}: give one (--time-budget SECONDS).");
        }
    }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        Check(problems, MaxEpochs >= 1, $"{nameof(MaxEpochs)} must be at least 1 (got {MaxEpochs})");
        Check(problems, BatchSize >= 1, $"{nameof(BatchSize)} must be at least 1 (got {BatchSize})");
        Check(problems, EarlyStoppingPatience >= 0, $"{nameof(EarlyStoppingPatience)} must not be negative (got {EarlyStoppingPatience})");
        Check(problems, EarlyStoppingMinDelta >= 0 && double.IsFinite(EarlyStoppingMinDelta), $"{nameof(EarlyStoppingMinDelta)} must be 0 or positive (got {EarlyStoppingMinDelta})");
        Check(problems, GradientClipNorm >= 0 && double.IsFinite(GradientClipNorm), $"{nameof(GradientClipNorm)} must be 0 or positive (got {GradientClipNorm})");
        Check(problems, InputCorruption is >= 0 and < 1, $"{nameof(InputCorruption)} must be in [0, 1) (got {InputCorruption})");
        Check(problems, Threads >= 0, $"{nameof(Threads)} must not be negative (got {Threads})");
        Check(problems, EvaluationBatchSize >= 1, $"{nameof(EvaluationBatchSize)} must be at least 1 (got {EvaluationBatchSize})");
        Check(problems, TimeBudget is null || TimeBudget > TimeSpan.Zero, $"{nameof(TimeBudget)} must be positive (got {TimeBudget?.TotalSeconds} s)");
        Check(problems, TrainingDevice.IsValidName(Device), $"{nameof(Device)} must be 'cpu', 'cuda' or 'cuda:N' (got '{Device}')");
        AddNested(problems, nameof(Optimizer), () => Optimizer.Validate());
        AddNested(problems, nameof(Schedule), () => Schedule.Validate());
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid training options: " + string.Join("; ", problems) + ".");
        }
    }

    private static void Check(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    private static void AddNested(List<string> problems, string name, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException error)
        {
            problems.Add($"{name}: {error.Message.TrimEnd('.')}"); // the outer message ends the sentence
        }
    }
}
