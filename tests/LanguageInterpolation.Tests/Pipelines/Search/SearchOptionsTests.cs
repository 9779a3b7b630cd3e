using LanguageInterpolation.Pipelines.Search;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

public sealed class SearchOptionsTests
{
    [Fact]
    public void Ctor_Ok_DefaultsComeFromSearchDefaults()
    {
        var options = new SearchOptions { LogPath = SearchDefaults.LogFile };

        Assert.Equal((20, 3, 1.0, 1), (SearchDefaults.Trials, SearchDefaults.ReductionFactor, SearchDefaults.MinResource, SearchDefaults.Parallelism));
        Assert.Equal(SearchDefaults.Trials, options.Trials);
        Assert.Equal(SearchDefaults.ReductionFactor, options.ReductionFactor);
        Assert.Equal(SearchDefaults.MinResource, options.MinResource);
        Assert.Equal(SearchDefaults.Parallelism, options.Parallelism);
        Assert.Equal(RungUnit.Epochs, options.RungUnit);
        Assert.Null(options.MaxResource);
        Assert.Null(options.TimeBudget);
        Assert.False(options.Resume);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount), options.ThreadsPerTrial);
        Assert.Equal(1, (options with { Parallelism = Environment.ProcessorCount }).ThreadsPerTrial);
        options.Validate();
    }
}
