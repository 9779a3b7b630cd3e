using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class TrainingLoopTests
{
    private const int Window = 8;

    private static readonly NetworkConfig SmallNetwork =
        new HighOrderMlpConfig { HiddenWidth = 24, HiddenLayers = 1, InputSegments = 128 }.WithShape(Window, 128);

    private static TrainingOptions Options(int epochs) => new()
    {
        MaxEpochs = epochs,
        BatchSize = 128,
        Optimizer = new OptimizerOptions { Kind = OptimizerKind.Lion, LearningRate = 3e-3 },
        Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
        EarlyStoppingPatience = 0,
        Seed = 5,
        Threads = 1,
    };

    [Fact]
    public void Run_ShortTrainingOnABookSlice_MemorisesAboveStatedAccuracy()
    {
        // 4,000 characters of The Dunwich Horror memorised with a 24-wide high-order MLP for 12 epochs.
        // A model that predicts the most frequent character (space) gets about 0.17; we require 0.45.
        var (train, _) = WindowTensors.Dunwich(4_000, Window, SplitKind.Memorize);
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));
        var loop = new TrainingLoop(network, Options(12));

        TrainingHistory history = loop.Run(train);
        (double loss, double accuracy) = loop.Evaluate(train);

        Assert.Equal(12, history.Epochs.Count);
        Assert.Equal(StopReason.MaxEpochs, history.StopReason);
        Assert.True(accuracy >= 0.45, $"training accuracy {accuracy:F3} after 12 epochs");
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
        Assert.True(loss < history.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Run_SameSeed_SameLossesAndWeights()
    {
        var (train, validation) = WindowTensors.Dunwich(3_000, Window);

        (TrainingHistory first, float[] firstWeights) = TrainOnce(train, validation, Options(2));
        (TrainingHistory second, float[] secondWeights) = TrainOnce(train, validation, Options(2));
        (TrainingHistory other, _) = TrainOnce(train, validation, Options(2) with { Seed = 6 });

        Assert.Equal(first.Epochs.Select(epoch => epoch.TrainLoss), second.Epochs.Select(epoch => epoch.TrainLoss));
        Assert.Equal(firstWeights, secondWeights);
        Assert.NotEqual(first.Epochs[0].TrainLoss, other.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Run_InputCorruption_ChangesTrainingButStaysReproducible()
    {
        var (train, _) = WindowTensors.Dunwich(3_000, Window);

        (TrainingHistory clean, _) = TrainOnce(train, null, Options(2));
        (TrainingHistory noisy, float[] noisyWeights) = TrainOnce(train, null, Options(2) with { InputCorruption = 0.3 });
        (TrainingHistory again, float[] againWeights) = TrainOnce(train, null, Options(2) with { InputCorruption = 0.3 });

        Assert.NotEqual(clean.Epochs[0].TrainLoss, noisy.Epochs[0].TrainLoss);
        Assert.Equal(noisyWeights, againWeights);
    }

    [Fact]
    public void Resume_FromCheckpoint_EqualsAnUninterruptedRun()
    {
        var (train, validation) = WindowTensors.Dunwich(3_000, Window);
        string folder = TestData.NewScratchFolder();
        string checkpoint = Path.Combine(folder, "run.ckpt");

        (TrainingHistory straight, float[] straightWeights) = TrainOnce(train, validation, Options(4) with { Schedule = new ScheduleOptions { Kind = ScheduleKind.ReduceOnPlateau, PlateauPatience = 0 } });
        TrainOnce(train, validation, Options(2) with { Schedule = new ScheduleOptions { Kind = ScheduleKind.ReduceOnPlateau, PlateauPatience = 0 }, CheckpointPath = checkpoint });
        (TrainingHistory resumed, float[] resumedWeights) = TrainOnce(train, validation,
            Options(4) with { Schedule = new ScheduleOptions { Kind = ScheduleKind.ReduceOnPlateau, PlateauPatience = 0 }, ResumeFrom = checkpoint });

        Assert.Equal(straight.Epochs.Select(epoch => epoch.ValidationLoss), resumed.Epochs.Select(epoch => epoch.ValidationLoss));
        Assert.Equal(straight.Epochs.Select(epoch => epoch.LearningRate), resumed.Epochs.Select(epoch => epoch.LearningRate));
        Assert.Equal(straightWeights, resumedWeights);
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
    }

    [Fact]
    public void Resume_CheckpointOfAnotherNetwork_FailsNamingTheMismatch()
    {
        var (train, _) = WindowTensors.Dunwich(2_000, Window);
        string checkpoint = Path.Combine(TestData.NewScratchFolder(), "run.ckpt");
        TrainOnce(train, null, Options(1) with { CheckpointPath = checkpoint });
        using LanguageNetwork wider = new HighOrderMlpConfig { HiddenWidth = 30, InputSegments = 128 }.WithShape(Window, 128).Build();

        var error = Assert.Throws<InvalidDataException>(() => new TrainingLoop(wider, Options(2) with { ResumeFrom = checkpoint }).Run(train));

        Assert.Contains("another network", error.Message, StringComparison.Ordinal);
        Assert.Contains(checkpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CancelledAfterFirstEpoch_WritesCheckpointAndThrows()
    {
        var (train, _) = WindowTensors.Dunwich(2_000, Window);
        string checkpoint = Path.Combine(TestData.NewScratchFolder(), "run.ckpt");
        using var cancellation = new CancellationTokenSource();
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));
        var progress = new ActionProgress(_ => cancellation.Cancel());

        var error = Assert.Throws<OperationCanceledException>(() =>
            new TrainingLoop(network, Options(5) with { CheckpointPath = checkpoint }, progress).Run(train, null, cancellation.Token));

        Assert.Contains("holds epoch 1", error.Message, StringComparison.Ordinal);
        using LanguageNetwork resumedNetwork = SmallNetwork.Build(new Generator(1));
        TrainingHistory resumed = new TrainingLoop(resumedNetwork, Options(2) with { ResumeFrom = checkpoint }).Run(train);
        Assert.Equal(2, resumed.Epochs.Count);
    }

    [Fact]
    public void Run_TinyTimeBudget_StopsWithTimeBudget()
    {
        var (train, _) = WindowTensors.Dunwich(3_000, Window);
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));

        TrainingHistory history = new TrainingLoop(network, Options(50) with { TimeBudget = TimeSpan.FromMilliseconds(1), BatchSize = 64 }).Run(train);

        Assert.Equal(StopReason.TimeBudget, history.StopReason);
        Assert.Single(history.Epochs);
        Assert.True(history.Epochs[0].Samples < train.Rows);
    }

    [Fact]
    public void Run_ValidationWorsens_StopsEarlyAndRestoresBestWeights()
    {
        // Validation labels are shuffled: memorising the training text makes validation worse, so early
        // stopping must trigger and hand back the weights of the best validation epoch.
        var (train, _) = WindowTensors.Dunwich(3_000, Window, SplitKind.Memorize);
        using Tensor shuffled = train.Labels.index_select(0, randperm(train.Rows, generator: new Generator(9)));
        using var validation = new TrainingData(train.Contexts.clone(), shuffled.clone());
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));
        var loop = new TrainingLoop(network, Options(30) with { EarlyStoppingPatience = 2 });

        TrainingHistory history = loop.Run(train, validation);

        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.True(history.BestEpoch < history.Epochs.Count);
        double best = history.Epochs.Min(epoch => epoch.ValidationLoss!.Value);
        Assert.Equal(best, history.Epochs[history.BestEpoch - 1].ValidationLoss!.Value);
        Assert.Equal(best, loop.Evaluate(validation).Loss, 5);
    }

    [Fact]
    public void Run_MinDeltaAboveEveryFall_StopsAfterThePatienceKeepingTheFirstEpoch()
    {
        // A validation loss must fall by 100 nats to count as better: none after the first epoch does, so training
        // stops after 1 + patience epochs and hands back the first epoch's weights.
        var (train, validation) = WindowTensors.Dunwich(3_000, Window);
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));
        var loop = new TrainingLoop(network, Options(30) with { EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 100 });

        TrainingHistory history = loop.Run(train, validation);

        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(1, history.BestEpoch);
        Assert.True(history.Epochs[2].ValidationLoss < history.Epochs[0].ValidationLoss, "the loss did fall, by less than the minimum");
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_MinDeltaNegativeOrInfinite_NamesTheOption(double minDelta)
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingOptions { EarlyStoppingMinDelta = minDelta }.Validate());

        Assert.Contains("EarlyStoppingMinDelta must be 0 or positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterStep_EvaluatingBetweenSteps_ChangesNeitherTrainingNorItsClock()
    {
        // 3,000 windows at batch 128. Evaluating after every 6th step and sleeping 50 ms in the callback must leave
        // the weights as an unobserved run's, and keep the sleeps out of the training seconds.
        var (train, validation) = WindowTensors.Dunwich(3_000, Window);
        (_, float[] unobserved) = TrainOnce(train, validation, Options(2));

        TorchTestSettings.UseOneThread();
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));
        var steps = new List<StepReport>();
        var accuracies = new List<double>();
        TrainingLoop? loop = null;
        loop = new TrainingLoop(network, Options(2))
        {
            AfterStep = report =>
            {
                steps.Add(report);
                if (report.Step % 6 == 0)
                {
                    accuracies.Add(loop!.Evaluate(validation).Accuracy);
                }
                Thread.Sleep(50);
            },
        };
        TrainingHistory history = loop.Run(train, validation);
        float[] observed = network.parameters().SelectMany(parameter => parameter.detach().cpu().data<float>().ToArray()).ToArray();

        int perEpoch = (int)((train.Rows + 127) / 128);
        Assert.Equal(2 * perEpoch, steps.Count);
        Assert.All(steps, report => Assert.Equal(perEpoch, report.StepsPerEpoch));
        Assert.Equal(Enumerable.Range(1, perEpoch).Concat(Enumerable.Range(1, perEpoch)), steps.Select(report => report.Step));
        Assert.Equal(2 * (perEpoch / 6), accuracies.Count);
        Assert.Equal(unobserved, observed);
        // The sleeps alone take 0.05 s per step; with them on the clock the run would report more than that.
        double trained = history.Epochs[^1].CumulativeTrainSeconds;
        Assert.True(trained < steps.Count * 0.05 / 2, $"training seconds {trained} for {steps.Count} steps");
        Assert.True(steps.Zip(steps.Skip(1)).All(pair => pair.Second.CumulativeTrainSeconds >= pair.First.CumulativeTrainSeconds));
        Assert.InRange(history.Epochs[0].CumulativeTrainSeconds - steps[perEpoch - 1].CumulativeTrainSeconds, 0, 0.05);
        Assert.InRange(trained - steps[^1].CumulativeTrainSeconds, 0, 0.05);
    }

    private static (TrainingHistory History, float[] Weights) TrainOnce(TrainingData train, TrainingData? validation, TrainingOptions options)
    {
        TorchTestSettings.UseOneThread();
        using LanguageNetwork network = SmallNetwork.Build(new Generator(1));
        TrainingHistory history = new TrainingLoop(network, options).Run(train, validation);
        float[] weights = network.parameters().SelectMany(parameter => parameter.detach().cpu().data<float>().ToArray()).ToArray();
        return (history, weights);
    }

    private sealed class ActionProgress(Action<EpochReport> action) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => action(value);
    }
}
