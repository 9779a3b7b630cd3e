using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// The LightGBM baseline with progress and a time budget. ML.NET's LightGBM trainer has no per-round
/// callback (its progress channel is polled only by ML.NET's own console host) and cannot continue a
/// booster, so this estimator measures instead: it first fits 1 and then 3 boosting rounds, which gives
/// the seconds per round (the difference over 2) and the seconds to load the data (the rest); it then
/// fits the real model with as many rounds as the budget leaves room for (at most the configured number,
/// at least 1), and while that fit runs it reports the round the clock says it has reached
/// (elapsed minus loading, over seconds per round). The two short fits cost 2 loads and 4 rounds; runs of
/// at most <see cref="CalibrationRounds"/> rounds skip them and report only when they end.
/// </summary>
public sealed class LightGbmRoundsEstimator : IEstimator<ITransformer>
{
    /// <summary>Rounds of the longer calibration fit.</summary>
    public const int CalibrationRounds = 3;

    private readonly Func<int, IEstimator<ITransformer>> _pipelineWithRounds;
    private readonly int _rounds;
    private readonly TimeSpan? _budget;
    private readonly Action<string> _log;
    private readonly TimeSpan _reportInterval;
    private readonly Func<TimeSpan> _clock;

    /// <summary>Creates the estimator.</summary>
    /// <param name="pipelineWithRounds">The complete LightGBM pipeline for a given number of boosting rounds.</param>
    /// <param name="rounds">Boosting rounds when the budget allows them all.</param>
    /// <param name="budget">Wall-clock limit on the whole fit, calibration included; null: none.</param>
    /// <param name="log">Receives the calibration, the estimated round while training, and the result.</param>
    /// <param name="reportInterval">Time between progress lines (at least one round apart).</param>
    /// <param name="clock">Elapsed time since some fixed start; a stopwatch when null (tests pass their own).</param>
    public LightGbmRoundsEstimator(Func<int, IEstimator<ITransformer>> pipelineWithRounds, int rounds, TimeSpan? budget, Action<string> log, TimeSpan reportInterval,
        Func<TimeSpan>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(pipelineWithRounds);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (budget is TimeSpan limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The LightGBM time budget must be positive (got {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s).", nameof(budget));
        }
        _pipelineWithRounds = pipelineWithRounds;
        _rounds = rounds;
        _budget = budget;
        _log = log;
        _reportInterval = reportInterval;
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed;
        }
        _clock = clock;
    }

    /// <summary>Rounds the last <see cref="Fit"/> trained.</summary>
    public int? TrainedRounds { get; private set; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => _pipelineWithRounds(_rounds).GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TimeSpan start = _clock();
        if (_rounds <= CalibrationRounds)
        {
            ITransformer small = _pipelineWithRounds(_rounds).Fit(input);
            Finish(_rounds, _clock() - start);
            return small;
        }
        TimeSpan one = Time(() => _pipelineWithRounds(1).Fit(input));
        TimeSpan three = Time(() => _pipelineWithRounds(CalibrationRounds).Fit(input));
        double perRound = Math.Max((three - one).TotalSeconds / (CalibrationRounds - 1), 1e-3);
        double loading = Math.Max(one.TotalSeconds - perRound, 0);
        int rounds = _rounds;
        if (_budget is TimeSpan budget)
        {
            double left = (budget - (_clock() - start)).TotalSeconds - loading;
            rounds = (int)Math.Clamp(Math.Floor(left / perRound), 1, _rounds);
        }
        string why = rounds < _rounds ? " to fit the time budget" : "";
        _log(string.Create(CultureInfo.InvariantCulture,
            $"  LightGBM calibration: about {perRound:F2} s per boosting round, {loading:F1} s to load the data; training {rounds} of {_rounds} rounds (about {loading + rounds * perRound:F0} s){why}."));
        TimeSpan fitStart = _clock();
        TimeSpan interval = TimeSpan.FromSeconds(Math.Max(_reportInterval.TotalSeconds, perRound));
        using var timer = new Timer(_ =>
        {
            int reached = (int)Math.Clamp(Math.Floor(((_clock() - fitStart).TotalSeconds - loading) / perRound), 0, rounds);
            _log(string.Create(CultureInfo.InvariantCulture, $"  round ~{reached}/{rounds} (estimated from the calibration), {(_clock() - start).TotalSeconds:F0} s"));
        }, null, interval, interval);
        ITransformer model = _pipelineWithRounds(rounds).Fit(input);
        timer.Change(Timeout.Infinite, Timeout.Infinite);
        Finish(rounds, _clock() - start);
        return model;
    }

    private void Finish(int rounds, TimeSpan elapsed)
    {
        TrainedRounds = rounds;
        _log(string.Create(CultureInfo.InvariantCulture, $"  LightGBM: {rounds} boosting rounds, {elapsed.TotalSeconds:F1} s in all."));
    }

    private TimeSpan Time(Action fit)
    {
        TimeSpan before = _clock();
        fit();
        return _clock() - before;
    }
}
