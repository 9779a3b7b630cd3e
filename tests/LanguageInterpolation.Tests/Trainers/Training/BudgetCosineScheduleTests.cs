using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Trainers.Training;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class BudgetCosineScheduleTests
{
    [Theory]
    [InlineData(0, 1e-3)]
    [InlineData(25, 8.5501786e-4)]   // 1e-5 + 9.9e-4·(1 + cos(π/4))/2
    [InlineData(50, 5.05e-4)]        // the midpoint (lr0 + lrMin)/2
    [InlineData(100, 1e-5)]
    [InlineData(150, 1e-5)]          // past the budget: the floor
    public void RateAfter_HalfACosineOverTheBudget(double seconds, double expected)
    {
        var schedule = new BudgetCosineSchedule(1e-3, TimeSpan.FromSeconds(100), minLearningRate: 1e-5);

        Assert.Equal(expected, schedule.RateAfter(seconds), 9);
    }

    [Fact]
    public void Validate_BudgetCosineWithoutATimeBudget_SaysWhatIsMissing()
    {
        var options = new TrainingOptions { Schedule = new ScheduleOptions { Kind = ScheduleKind.BudgetCosine } };

        options.Validate(); // a preset may leave the budget to the command line
        var error = Assert.Throws<ArgumentException>(options.ValidateForRun);

        Assert.Contains("the BudgetCosine schedule anneals over the run's TimeBudget: give one (--time-budget SECONDS)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BudgetCosine_LowersTheRateWithinTheFirstEpoch()
    {
        // One long epoch cut by a 1.5 s budget: a per-epoch schedule would never leave lr0; this one has
        // annealed most of the way by the time the budget runs out.
        TorchTestSettings.UseOneThread();
        var random = new Random(1);
        int rows = 20_000;
        using var data = TrainingData.FromArrays([.. Enumerable.Range(0, rows * 8).Select(_ => random.Next(128))], [.. Enumerable.Range(0, rows).Select(_ => random.Next(128))], windowSize: 8, vocabularySize: 128);
        using LanguageNetwork network = new ReluMlpConfig { HiddenWidth = 8 }.WithShape(8, 128).Build(new Generator(2));
        var options = new TrainingOptions
        {
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.AdamW, LearningRate = 1e-2 },
            Schedule = new ScheduleOptions { Kind = ScheduleKind.BudgetCosine, MinLearningRate = 1e-6 },
            MaxEpochs = 1_000,
            BatchSize = 1,
            TimeBudget = TimeSpan.FromSeconds(1.5),
            Seed = 1,
            Threads = 1,
        };

        TrainingHistory history = new TrainingLoop(network, options).Run(data);

        Assert.Single(history.Epochs);
        Assert.True(history.Epochs[0].LearningRate < 1e-3, $"learning rate at the end {history.Epochs[0].LearningRate:E2}");
    }
}
