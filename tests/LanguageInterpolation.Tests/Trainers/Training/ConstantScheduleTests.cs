using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class ConstantScheduleTests
{
    [Fact]
    public void LearningRateForEpoch_AnyLoss_ReturnsTheInitialRate()
    {
        var schedule = new ConstantSchedule(0.003);

        Assert.Equal(0.003, schedule.LearningRateForEpoch(1, 5.0));
        Assert.Equal(0.003, schedule.LearningRateForEpoch(2, 9.0));
        Assert.Equal(0.003, schedule.LearningRateForEpoch(3, null));
        Assert.Equal(new ScheduleState(3, 0.003, null, 0), schedule.GetState());
    }

    [Fact]
    public void LearningRateForEpoch_NegativeEpoch_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(0.1).LearningRateForEpoch(-1, null));
    }
}
