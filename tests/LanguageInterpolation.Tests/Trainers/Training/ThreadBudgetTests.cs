using LanguageInterpolation.Trainers.Training;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Training;

public class ThreadBudgetTests
{
    // 2 cores over an interval of 100 ticks per core = 200 ticks in all.
    [Theory]
    [InlineData(2, 200, 100, 100, 2)]  // only we were busy: both cores are ours
    [InlineData(2, 200, 150, 50, 1)]   // others used 100 ticks = one core: one thread
    [InlineData(2, 200, 200, 0, 1)]    // others used both cores: still one thread
    [InlineData(2, 200, 0, 0, 2)]      // idle machine
    [InlineData(2, 200, 130, 100, 2)]  // others used 0.3 core: 1.7 rounds to 2
    [InlineData(2, 200, 160, 100, 1)]  // others used 0.6 core: 1.4 rounds to 1
    [InlineData(2, 200, 150, 100, 2)]  // others used exactly half a core: 1.5 rounds up to 2
    [InlineData(4, 400, 300, 100, 2)]  // 4 cores, others used 2: two threads
    [InlineData(2, 0, 0, 0, 2)]        // an interval too short to count: every core
    public void Choose_ThreadsAreTheCoresOthersLeaveFree(int cores, long total, long busy, long own, int expected) =>
        Assert.Equal(expected, ThreadBudget.Choose(cores, total, busy, own));

    [Fact]
    public void Choose_OwnTimeAboveBusy_CountsNoOtherLoad() =>
        Assert.Equal(2, ThreadBudget.Choose(2, 200, 50, 80)); // tick rounding can make own exceed busy

    [Fact]
    public void Next_StaysWithinOneAndTheCores()
    {
        var budget = new ThreadBudget(cores: 3);

        int first = budget.Next();
        int second = budget.Next();

        Assert.InRange(first, 1, 3);
        Assert.InRange(second, 1, 3);
    }

    [Fact]
    public void Constructor_NoCores_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadBudget(cores: 0));
}
