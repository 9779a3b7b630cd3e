using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class ReduceOnPlateauScheduleTests
{
    // Rates are products of a few powers of ten in double: 1e-12 covers their rounding.
    private const double Tolerance = 1e-12;

    [Fact]
    public void LearningRateForEpoch_PatienceBadEpochs_KeepsRateAndTheNextBadEpochReduces()
    {
        // PyTorch semantics with patience 2: epoch 1 sets best = 1; epochs 2 and 3 are bad epochs 1 and 2
        // (tolerated); epoch 4 is bad epoch 3 > 2 → lr·0.1, counter reset; epochs 5, 6 tolerated, 7 reduces again.
        var schedule = new ReduceOnPlateauSchedule(1.0, patience: 2, factor: 0.1);

        double[] rates = Enumerable.Range(1, 7).Select(epoch => schedule.LearningRateForEpoch(epoch, 1.0)).ToArray();

        Assert.Equal([1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.01], rates, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void LearningRateForEpoch_ImprovementSmallerThanRelativeThreshold_CountsAsBad()
    {
        // threshold 0.1: after best = 1.0 only a loss below 1.0·(1 - 0.1) = 0.9 improves.
        // Epoch 2: 0.95 is bad → with patience 0 the rate drops to 0.1. Epoch 3: 0.85 < 0.9 improves → stays.
        var schedule = new ReduceOnPlateauSchedule(1.0, patience: 0, factor: 0.1, threshold: 0.1);

        Assert.Equal(1.0, schedule.LearningRateForEpoch(1, 1.0), Tolerance);
        Assert.Equal(0.1, schedule.LearningRateForEpoch(2, 0.95), Tolerance);
        Assert.Equal(0.1, schedule.LearningRateForEpoch(3, 0.85), Tolerance);
        Assert.Equal(0.85, schedule.Best);
        Assert.Equal(0, schedule.BadEpochs);
    }

    [Fact]
    public void LearningRateForEpoch_RepeatedReductions_StopAtMinLearningRate()
    {
        // patience 0, constant loss: 1 → 0.1 → max(0.01, 0.05) = 0.05 → 0.05.
        var schedule = new ReduceOnPlateauSchedule(1.0, patience: 0, factor: 0.1, minLearningRate: 0.05);

        double[] rates = Enumerable.Range(1, 4).Select(epoch => schedule.LearningRateForEpoch(epoch, 2.0)).ToArray();

        Assert.Equal([1.0, 0.1, 0.05, 0.05], rates, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void LearningRateForEpoch_NoValidationLoss_KeepsRateAndDoesNotCount()
    {
        // patience 1: epochs 2 and 3 have no loss and are not counted; epoch 4 is bad epoch 1 (tolerated),
        // epoch 5 bad epoch 2 > 1 reduces.
        var schedule = new ReduceOnPlateauSchedule(1.0, patience: 1, factor: 0.5);
        double?[] losses = [1.0, null, null, 1.0, 1.0];

        double[] rates = losses.Select((loss, i) => schedule.LearningRateForEpoch(i + 1, loss)).ToArray();

        Assert.Equal([1.0, 1.0, 1.0, 1.0, 0.5], rates, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void SetState_FromGetState_ResumesIdentically()
    {
        double[] losses = [3.0, 2.0, 2.5, 2.4, 2.6, 2.2, 1.0, 1.1, 1.2];
        var original = new ReduceOnPlateauSchedule(1.0, patience: 1, factor: 0.5);
        for (int epoch = 1; epoch <= 4; epoch++)
        {
            original.LearningRateForEpoch(epoch, losses[epoch - 1]);
        }

        ScheduleState state = original.GetState();
        var resumed = new ReduceOnPlateauSchedule(1.0, patience: 1, factor: 0.5);
        resumed.SetState(state);

        // Epochs 1-4: best 3 → 2, then 2.5 bad 1, 2.4 bad 2 > 1 → lr 0.5, counter 0.
        Assert.Equal(new ScheduleState(4, 0.5, 2.0, 0), state);
        for (int epoch = 5; epoch <= losses.Length; epoch++)
        {
            Assert.Equal(
                original.LearningRateForEpoch(epoch, losses[epoch - 1]),
                resumed.LearningRateForEpoch(epoch, losses[epoch - 1]));
        }
        Assert.Equal(original.GetState(), resumed.GetState());
    }

    [Fact]
    public void GetState_BeforeAnyLoss_HasNoBest()
    {
        var schedule = new ReduceOnPlateauSchedule(0.01);

        Assert.Equal(new ScheduleState(0, 0.01, null, 0), schedule.GetState());
    }
}
