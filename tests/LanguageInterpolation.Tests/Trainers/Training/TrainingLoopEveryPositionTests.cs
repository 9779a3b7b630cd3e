using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class TrainingLoopEveryPositionTests
{
    private const int Window = 8;

    private static readonly NetworkConfig TinyTransformer =
        new TransformerConfig { Width = 16, Heads = 2, Blocks = 1, FeedForwardMultiple = 2 }.WithShape(Window, 128);

    private static TrainingOptions Options(int epochs, double learningRate = 3e-3) => new()
    {
        MaxEpochs = epochs,
        BatchSize = 32,
        Optimizer = new OptimizerOptions { Kind = OptimizerKind.AdamW, LearningRate = learningRate },
        Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
        EarlyStoppingPatience = 0,
        Seed = 5,
        Threads = 1,
    };

    [Fact]
    public void TargetBatch_Rows_AreTheFollowingCharactersThenTheLabel()
    {
        using var data = TrainingData.FromArrays([1, 2, 3, 4, 5, 6], [9, 7], windowSize: 3, vocabularySize: 10);

        using Tensor targets = data.TargetBatch(tensor(new long[] { 1, 0 }));

        Assert.Equal(new long[] { 5, 6, 7, 2, 3, 9 }, targets.data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, targets.dtype);
    }

    [Fact]
    public void Run_OneRow_TrainLossIsTheMeanCrossEntropyOverEveryPosition()
    {
        TorchTestSettings.UseOneThread();
        int[] context = [72, 101, 108, 108, 111, 32, 119, 111];                 // "Hello wo"
        using var data = TrainingData.FromArrays(context, [114], Window, 128);   // next: 'r'
        using LanguageNetwork network = TinyTransformer.Build(new Generator(3));
        long[] targets = [101, 108, 108, 111, 32, 119, 111, 114];
        double expected;
        using (no_grad())
        {
            using Tensor logits = network.call(tensor(context.Select(id => (long)id).ToArray(), [1, Window]));    // (1, N, V)
            float[] values = logits.data<float>().ToArray();
            expected = Enumerable.Range(0, Window).Average(t =>
            {
                float[] row = values.Skip(t * 128).Take(128).ToArray();
                double max = row.Max();
                return max + Math.Log(row.Sum(value => Math.Exp(value - max))) - row[targets[t]];
            });
        }

        TrainingHistory history = new TrainingLoop(network, Options(1)).Run(data);

        Assert.Equal(Window, history.Epochs[0].Samples);
        Assert.Equal(expected, history.Epochs[0].TrainLoss, 5);
    }

    [Fact]
    public void Run_Epoch_ReadsEveryNthRowSoEachCharacterIsATargetAboutOnce()
    {
        var (train, _) = WindowTensors.Dunwich(2_000, Window);
        using LanguageNetwork network = TinyTransformer.Build(new Generator(1));

        TrainingHistory history = new TrainingLoop(network, Options(3)).Run(train);

        foreach (EpochReport epoch in history.Epochs)
        {
            Assert.InRange(epoch.Samples, train.Rows / Window * Window, (train.Rows / Window + 1) * Window);
        }
    }

    [Fact]
    public void Run_EveryPosition_TrainsTheEarlyPositionsToo()
    {
        // After training, the first position (one character of context: a bigram model) must beat the uniform
        // guess by far; training on the last position only would leave it untrained.
        var (train, _) = WindowTensors.Dunwich(6_000, Window);
        using LanguageNetwork network = TinyTransformer.Build(new Generator(1));

        new TrainingLoop(network, Options(6)).Run(train);

        using var noGrad = no_grad();
        using Tensor rows = Range(0, train.Rows, Window);
        using Tensor logits = network.call(train.ContextBatch(rows)).select(1, 0);                     // (R / N, V)
        using Tensor targets = train.TargetBatch(rows).select(1, 0);
        double firstPositionBits = nn.functional.cross_entropy(logits, targets).item<float>() / Math.Log(2);
        Assert.True(firstPositionBits < 4.0, $"first-position bits per character {firstPositionBits:F2} (uniform over 128: 7)");
    }

    [Fact]
    public void Evaluate_SequenceNetwork_ScoresTheCharacterAfterEachWindow()
    {
        var (train, _) = WindowTensors.Dunwich(1_000, Window);
        using LanguageNetwork network = TinyTransformer.Build(new Generator(2));
        var loop = new TrainingLoop(network, Options(1));

        (double loss, _) = loop.Evaluate(train);

        using var noGrad = no_grad();
        using Tensor all = Range(train.Rows);
        using Tensor expected = nn.functional.cross_entropy(network.call(train.ContextBatch(all)).select(1, -1), train.Labels);
        Assert.Equal(expected.item<float>(), loss, 4);
    }
}
