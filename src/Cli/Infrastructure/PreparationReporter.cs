using System.Diagnostics;
using System.Globalization;
using LanguageInterpolation.Transforms.Corpus;

namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>
/// Prints data-preparation progress (reading, encoding, counting a large book) as plain lines: nothing for
/// a stage that finishes within <see cref="Interval"/>, then a line at most every interval, and the stage's
/// end once it has printed. Small books stay silent; a 300 MB book shows that work goes on.
/// </summary>
public sealed class PreparationReporter : IProgress<PreparationProgress>
{
    private readonly Action<string> _write;
    private readonly Func<TimeSpan> _clock;
    private string? _stage;
    private TimeSpan _stageStarted;
    private TimeSpan _lastLine;
    private bool _printed;

    /// <summary>Creates a reporter that writes through <paramref name="write"/>, timing with
    /// <paramref name="clock"/> (elapsed time; a stopwatch when null).</summary>
    public PreparationReporter(Action<string> write, TimeSpan interval, Func<TimeSpan>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        _write = write;
        Interval = interval;
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed;
        }
        _clock = clock;
    }

    /// <summary>Time between lines, and the silence before a stage's first line.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public void Report(PreparationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        TimeSpan now = _clock();
        string stage = value.Stage + " " + value.Document;
        if (stage != _stage)
        {
            (_stage, _stageStarted, _lastLine, _printed) = (stage, now, now, false);
        }
        bool finished = value.Done >= value.Total;
        bool due = now - _stageStarted >= Interval && now - _lastLine >= Interval;
        if (due || (finished && _printed))
        {
            _write(string.Create(CultureInfo.InvariantCulture, $"  {value.Stage} {value.Document}: {value.Fraction * 100:F0}%"));
            (_lastLine, _printed) = (now, !finished);
        }
    }
}
