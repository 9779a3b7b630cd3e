using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class EarlyStoppingTests
{
    [Fact]
    public void Update_PatienceNonImprovingEpochs_StopsOnTheLastOne()
    {
        // patience 3: 1.0 improves; 1.0, 1.1, 1.0 are bad epochs 1, 2, 3 → stop at the third.
        var stopping = new EarlyStopping(3);

        bool[] stops = new[] { 1.0, 1.0, 1.1, 1.0 }.Select(stopping.Update).ToArray();

        Assert.Equal([false, false, false, true], stops);
        Assert.Equal(1.0, stopping.Best);
        Assert.Equal(3, stopping.BadEpochs);
    }

    [Fact]
    public void Update_Improvement_ResetsTheCounterAndSetsImproved()
    {
        var stopping = new EarlyStopping(2);
        stopping.Update(1.0);
        stopping.Update(1.5);

        bool stop = stopping.Update(0.5);

        Assert.False(stop);
        Assert.True(stopping.Improved);
        Assert.Equal(0.5, stopping.Best);
        Assert.Equal(0, stopping.BadEpochs);
    }

    [Fact]
    public void Update_PatienceZero_NeverStops()
    {
        var stopping = new EarlyStopping(0);
        stopping.Update(1.0);

        bool anyStop = Enumerable.Range(0, 100).Select(_ => stopping.Update(2.0)).Any(stop => stop) | stopping.Update(double.NaN);

        Assert.False(anyStop);
        Assert.Equal(101, stopping.BadEpochs);
    }

    [Fact]
    public void Update_ImprovementSmallerThanMinDelta_DoesNotCount()
    {
        // minDelta 0.1: after best 1.0 a loss must be below 0.9.
        var stopping = new EarlyStopping(5, minDelta: 0.1);
        stopping.Update(1.0);

        stopping.Update(0.95);
        Assert.False(stopping.Improved);
        Assert.Equal(1.0, stopping.Best);

        stopping.Update(0.85);
        Assert.True(stopping.Improved);
        Assert.Equal(0.85, stopping.Best);
    }

    [Fact]
    public void Update_NaNLoss_StopsAtOnce()
    {
        var stopping = new EarlyStopping(10);
        stopping.Update(1.0);

        Assert.True(stopping.Update(double.NaN));
    }

    [Fact]
    public void SetState_FromGetState_ResumesTheCount()
    {
        var original = new EarlyStopping(3);
        original.Update(1.0);
        original.Update(1.2);
        var resumed = new EarlyStopping(3);

        resumed.SetState(original.GetState());

        Assert.Equal(new EarlyStoppingState(1.0, 1), resumed.GetState());
        Assert.False(resumed.Update(1.3));
        Assert.True(resumed.Update(1.3));
    }

    [Fact]
    public void GetState_BeforeAnyUpdate_HasNoBest()
    {
        Assert.Equal(new EarlyStoppingState(null, 0), new EarlyStopping(3).GetState());
    }

    [Fact]
    public void Ctor_NegativePatience_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(-1));
    }
}
