using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class CosineScheduleTests
{
    // Closed-form doubles: 1e-12 covers cos() rounding.
    private const double Tolerance = 1e-12;

    [Fact]
    public void LearningRateForEpoch_KeyEpochs_HitStartMiddleAndEnd()
    {
        // lr0 = 1, lrMin = 0.1, T = 10: lr(0) = 1, lr(5) = (1 + 0.1)/2 = 0.55, lr(10) = 0.1, after T stays 0.1.
        var schedule = new CosineSchedule(1.0, epochs: 10, minLearningRate: 0.1);

        Assert.Equal(1.0, schedule.LearningRateForEpoch(0, null), Tolerance);
        Assert.Equal(0.55, schedule.LearningRateForEpoch(5, null), Tolerance);
        Assert.Equal(0.1, schedule.LearningRateForEpoch(10, null), Tolerance);
        Assert.Equal(0.1, schedule.LearningRateForEpoch(12, null), Tolerance);
    }

    [Fact]
    public void LearningRateForEpoch_QuarterWay_FollowsTheCosine()
    {
        // T = 4, epoch 1: 0.1 + 0.9·(1 + cos(π/4))/2 = 0.1 + 0.9·(1 + 0.70710678)/2 = 0.1 + 0.76819805 = 0.86819805
        var schedule = new CosineSchedule(1.0, epochs: 4, minLearningRate: 0.1);

        Assert.Equal(0.86819805, schedule.LearningRateForEpoch(1, 0.5), 1e-8);
    }

    [Fact]
    public void SetState_FromGetState_ResumesAtTheSameEpoch()
    {
        var original = new CosineSchedule(1.0, epochs: 10, minLearningRate: 0.1);
        original.LearningRateForEpoch(5, null);
        var resumed = new CosineSchedule(1.0, epochs: 10, minLearningRate: 0.1);

        resumed.SetState(original.GetState());

        ScheduleState state = resumed.GetState();
        Assert.Equal(5, state.Epoch);
        Assert.Equal(0.55, state.LearningRate, Tolerance);
        Assert.Equal(original.LearningRateForEpoch(6, null), resumed.LearningRateForEpoch(6, null));
    }
}
