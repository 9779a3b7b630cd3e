using LanguageInterpolation.Pipelines.Search;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

public sealed class SuccessiveHalvingSchedulerTests
{
    [Theory]
    [InlineData(1, 20, 3, 20, new double[] { 1, 3, 20 })]     // 20 → 6 → 2 survivors: three rungs fill
    [InlineData(1, 20, 3, 27, new double[] { 1, 3, 9, 20 })]  // 27 → 9 → 3 → 1
    [InlineData(1, 20, 3, 2, new double[] { 20 })]            // too few trials to halve: plain random search
    [InlineData(2, 2, 3, 50, new double[] { 2 })]
    [InlineData(1, 8, 2, 100, new double[] { 1, 2, 4, 8 })]
    [InlineData(30, 600, 3, 100, new double[] { 30, 90, 270, 600 })]
    public void Rungs_Examples_GrowByEtaUpToTheMaximum(double min, double max, int eta, int trials, double[] expected)
    {
        Assert.Equal(expected, SuccessiveHalvingScheduler.Rungs(min, max, eta, trials));
    }

    [Fact]
    public void Next_TwoRungsEtaTwo_PromotesTheBestHalfAsSoonAsItIsKnown()
    {
        var scheduler = new SuccessiveHalvingScheduler(rungCount: 2, reductionFactor: 2, maxTrials: 4);
        double[] objectives = [0, 3.0, 2.0, 1.0, 4.0]; // by trial
        var jobs = new List<SearchJob>();
        while (scheduler.Next() is SearchJob job)
        {
            jobs.Add(job);
            scheduler.Complete(job, job.Rung == 0 ? objectives[job.Trial] : objectives[job.Trial] - 0.5);
        }

        // After trials 1 and 2 the better (2) goes up; after trial 3 the top ⌊3/2⌋ = 1 is trial 3, which goes
        // up at once; after trial 4 the top two {3, 2} have both gone up: the search is over.
        Assert.Equal([new(1, 0), new(2, 0), new(2, 1), new(3, 0), new(3, 1), new(4, 0)], jobs);
        Assert.Equal(4, scheduler.TrialsStarted);
    }

    [Fact]
    public void Next_NoNewTrialsAllowed_OnlyPromotesOrWaits()
    {
        var scheduler = new SuccessiveHalvingScheduler(2, 2, 10);
        scheduler.Complete(new SearchJob(1, 0), 2.0);
        scheduler.Complete(new SearchJob(2, 0), double.NaN); // diverged: ranks last

        Assert.Equal(new SearchJob(1, 1), scheduler.Next(mayStartTrial: false));
        Assert.Null(scheduler.Next(mayStartTrial: false));
        Assert.Equal(new SearchJob(3, 0), scheduler.Next());
    }

    [Fact]
    public void Abandon_UnfinishedNewTrial_IsOfferedAgainBeforeNewOnes()
    {
        var scheduler = new SuccessiveHalvingScheduler(1, 3, 5);
        SearchJob first = scheduler.Next()!;
        SearchJob second = scheduler.Next()!;
        scheduler.Abandon(first);

        Assert.Equal(new SearchJob(1, 0), scheduler.Next());
        Assert.Equal(new SearchJob(3, 0), scheduler.Next());
        Assert.False(scheduler.IsComplete(second));
    }

    [Fact]
    public void Abandon_UnfinishedPromotion_IsOfferedAgain()
    {
        var scheduler = new SuccessiveHalvingScheduler(2, 2, 2);
        scheduler.Complete(new SearchJob(1, 0), 1.0);
        scheduler.Complete(new SearchJob(2, 0), 2.0);
        SearchJob promotion = scheduler.Next()!;
        Assert.Null(scheduler.Next());

        scheduler.Abandon(promotion);

        Assert.Equal(new SearchJob(1, 1), scheduler.Next());
    }
}
