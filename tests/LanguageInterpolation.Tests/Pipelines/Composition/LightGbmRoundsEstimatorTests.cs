using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Composition;

public sealed class LightGbmRoundsEstimatorTests
{
    // A fake LightGBM whose fits advance a fake clock by loading + rounds x per-round seconds.
    private sealed class FakeBooster(double loading, double perRound)
    {
        public TimeSpan Now { get; private set; }

        public List<int> Fits { get; } = [];

        public IEstimator<ITransformer> WithRounds(int rounds) => new FakeFit(this, rounds);

        public void Advance(int rounds)
        {
            Fits.Add(rounds);
            Now += TimeSpan.FromSeconds(loading + rounds * perRound);
        }
    }

    private sealed class FakeFit(FakeBooster booster, int rounds) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            booster.Advance(rounds);
            return new MLContext().Transforms.CopyColumns("Copy", "X").Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }

    private static IDataView Rows() => new MLContext().Data.LoadFromEnumerable([new Row { X = 1 }]);

    private sealed class Row
    {
        public float X { get; set; }
    }

    [Fact]
    public void Fit_Budget_TrainsTheRoundsThatFitAfterCalibration()
    {
        // Loading 2 s, 0.5 s per round: calibration fits take 2.5 s and 3.5 s (6 s in all); 20 s budget leaves
        // 14 s, 2 s of which load the data: 12 s / 0.5 s = 24 rounds.
        var booster = new FakeBooster(2, 0.5);
        var lines = new List<string>();
        var estimator = new LightGbmRoundsEstimator(booster.WithRounds, 100, TimeSpan.FromSeconds(20), lines.Add, TimeSpan.FromHours(1), () => booster.Now);

        estimator.Fit(Rows());

        Assert.Equal([1, 3, 24], booster.Fits);
        Assert.Equal(24, estimator.TrainedRounds);
        Assert.Contains(lines, line => line.Contains("about 0.50 s per boosting round, 2.0 s to load the data; training 24 of 100 rounds", StringComparison.Ordinal)
                                       && line.EndsWith("to fit the time budget.", StringComparison.Ordinal));
        Assert.Equal("  LightGBM: 24 boosting rounds, 20.0 s in all.", lines[^1]);
    }

    [Fact]
    public void Fit_NoBudget_TrainsEveryRound()
    {
        var booster = new FakeBooster(1, 0.25);
        var estimator = new LightGbmRoundsEstimator(booster.WithRounds, 40, null, _ => { }, TimeSpan.FromHours(1), () => booster.Now);

        estimator.Fit(Rows());

        Assert.Equal([1, 3, 40], booster.Fits);
    }

    [Fact]
    public void Fit_BudgetSpentByCalibration_StillTrainsOneRound()
    {
        var booster = new FakeBooster(5, 1);
        var estimator = new LightGbmRoundsEstimator(booster.WithRounds, 100, TimeSpan.FromSeconds(3), _ => { }, TimeSpan.FromHours(1), () => booster.Now);

        estimator.Fit(Rows());

        Assert.Equal([1, 3, 1], booster.Fits);
    }

    [Fact]
    public void Fit_FewRounds_SkipsCalibration()
    {
        var booster = new FakeBooster(1, 1);
        var lines = new List<string>();
        var estimator = new LightGbmRoundsEstimator(booster.WithRounds, LightGbmRoundsEstimator.CalibrationRounds, TimeSpan.FromSeconds(100), lines.Add, TimeSpan.FromHours(1), () => booster.Now);

        estimator.Fit(Rows());

        Assert.Equal([3], booster.Fits);
        Assert.Equal(["  LightGBM: 3 boosting rounds, 4.0 s in all."], lines);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_NonPositiveBudget_Throws(double seconds) =>
        Assert.Throws<ArgumentException>(() => new LightGbmRoundsEstimator(_ => throw new InvalidOperationException(), 10, TimeSpan.FromSeconds(seconds), _ => { }, TimeSpan.FromSeconds(1)));

    [Fact]
    public void LightGbm_RealTrainerWithBudgetAndLog_TrainsAndReportsRounds()
    {
        var mlContext = new MLContext(0);
        var data = SmallData.Dunwich(mlContext, 3_000);
        var lines = new List<string>();

        ITransformer model = LanguagePipelines.LightGbm(mlContext, data.Vocabulary, data.WindowSize,
            new LightGbmBaselineOptions { NumberOfIterations = 5, NumberOfLeaves = 4, Threads = 1 }, TimeSpan.FromMinutes(10), lines.Add).Fit(data.Train);

        Assert.NotNull(model.Transform(data.Test).Schema.GetColumnOrNull("Score"));
        Assert.Contains(lines, line => line.Contains("LightGBM calibration", StringComparison.Ordinal));
        Assert.Equal("  LightGBM: 5 boosting rounds, ", lines[^1][..31]);
    }
}
