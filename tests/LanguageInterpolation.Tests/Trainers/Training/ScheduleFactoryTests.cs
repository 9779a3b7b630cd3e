using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class ScheduleFactoryTests
{
    [Theory]
    [InlineData(ScheduleKind.Constant, typeof(ConstantSchedule))]
    [InlineData(ScheduleKind.ReduceOnPlateau, typeof(ReduceOnPlateauSchedule))]
    [InlineData(ScheduleKind.Cosine, typeof(CosineSchedule))]
    [InlineData(ScheduleKind.Exponential, typeof(ExponentialSchedule))]
    public void Create_EachKind_BuildsThatSchedule(ScheduleKind kind, Type expected)
    {
        ILearningRateSchedule schedule = ScheduleFactory.Create(new ScheduleOptions { Kind = kind }, 0.01, maxEpochs: 10);

        Assert.IsType(expected, schedule);
        Assert.Equal(0.01, schedule.GetState().LearningRate, 1e-15);
    }

    [Fact]
    public void Create_CosineWithoutEpochs_UsesMaxEpochs()
    {
        var schedule = Assert.IsType<CosineSchedule>(
            ScheduleFactory.Create(new ScheduleOptions { Kind = ScheduleKind.Cosine }, 0.01, maxEpochs: 30));

        Assert.Equal(30, schedule.Epochs);
    }

    [Fact]
    public void Create_CosineWithEpochs_UsesThem()
    {
        var schedule = Assert.IsType<CosineSchedule>(
            ScheduleFactory.Create(new ScheduleOptions { Kind = ScheduleKind.Cosine, CosineEpochs = 7 }, 0.01, maxEpochs: 30));

        Assert.Equal(7, schedule.Epochs);
    }

    [Fact]
    public void Create_PlateauOptions_ReachTheSchedule()
    {
        var options = new ScheduleOptions { PlateauPatience = 3, PlateauFactor = 0.5, PlateauThreshold = 0.01, MinLearningRate = 1e-5 };

        var schedule = Assert.IsType<ReduceOnPlateauSchedule>(ScheduleFactory.Create(options, 0.01, maxEpochs: 10));

        Assert.Equal((3, 0.5, 0.01, 1e-5), (schedule.Patience, schedule.Factor, schedule.Threshold, schedule.MinLearningRate));
    }

    [Fact]
    public void Create_MinLearningRateAboveInitial_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => ScheduleFactory.Create(new ScheduleOptions { Kind = ScheduleKind.Exponential, MinLearningRate = 0.1 }, 0.01, maxEpochs: 10));

        Assert.Contains("MinLearningRate", error.Message);
    }
}
