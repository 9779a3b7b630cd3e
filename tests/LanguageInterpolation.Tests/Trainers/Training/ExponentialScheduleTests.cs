using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class ExponentialScheduleTests
{
    [Fact]
    public void LearningRateForEpoch_Epochs_DecayByGammaDownToTheFloor()
    {
        // lr0 = 1, γ = 0.5, lrMin = 0.1: 1, 0.5, 0.25, 0.125, max(0.0625, 0.1) = 0.1 (powers of two: exact).
        var schedule = new ExponentialSchedule(1.0, gamma: 0.5, minLearningRate: 0.1);

        double[] rates = Enumerable.Range(0, 5).Select(epoch => schedule.LearningRateForEpoch(epoch, 1.0)).ToArray();

        Assert.Equal([1.0, 0.5, 0.25, 0.125, 0.1], rates);
    }

    [Fact]
    public void SetState_FromGetState_ResumesAtTheSameEpoch()
    {
        var original = new ExponentialSchedule(1.0, gamma: 0.5);
        original.LearningRateForEpoch(3, null);
        var resumed = new ExponentialSchedule(1.0, gamma: 0.5);

        resumed.SetState(original.GetState());

        Assert.Equal(new ScheduleState(3, 0.125, null, 0), resumed.GetState());
        Assert.Equal(0.0625, resumed.LearningRateForEpoch(4, null));
    }
}
