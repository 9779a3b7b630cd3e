namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Stops training when the validation loss has not improved for <c>patience</c> epochs in a row (the
/// semantics of Lightning's <c>EarlyStopping(mode='min')</c>, which the original used). After each epoch:
/// <code>
/// improved ← L &lt; best − minDelta           (best starts at +∞)
/// if improved: best ← L, bad ← 0  else: bad ← bad + 1
/// stop ← patience &gt; 0 and (bad ≥ patience or L is NaN/±∞)
/// </code>
/// Defaults: patience 20 (the original's), minDelta 0 (<see cref="ScheduleDefaults"/>). Patience 0 disables
/// stopping; the best loss is still tracked, so <see cref="Improved"/> can drive best-checkpoint saving.
/// </summary>
/// <param name="patience">Non-improving epochs before stopping; 0 never stops.</param>
/// <param name="minDelta">Absolute decrease of the loss that counts as an improvement, at least 0.</param>
public sealed class EarlyStopping(int patience, double minDelta = 0)
{
    private readonly int _patience = patience >= 0
        ? patience
        : throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be at least 0 (0 disables early stopping).");

    private readonly double _minDelta = minDelta >= 0 && !double.IsInfinity(minDelta)
        ? minDelta
        : throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "The minimum improvement must be non-negative and finite.");

    /// <summary>Non-improving epochs before stopping; 0 means disabled.</summary>
    public int Patience => _patience;

    /// <summary>Absolute decrease of the loss that counts as an improvement.</summary>
    public double MinDelta => _minDelta;

    /// <summary>The best validation loss so far (+∞ before the first update).</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Consecutive updates without improvement.</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Whether the last <see cref="Update"/> improved <see cref="Best"/> (a cue to save the best model).</summary>
    public bool Improved { get; private set; }

    /// <summary>Records one epoch's validation loss; returns true when training should stop.</summary>
    public bool Update(double validationLoss)
    {
        Improved = validationLoss < Best - _minDelta;
        if (Improved)
        {
            Best = validationLoss;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }
        return _patience > 0 && (BadEpochs >= _patience || !double.IsFinite(validationLoss));
    }

    /// <summary>The mutable state, for a checkpoint.</summary>
    public EarlyStoppingState GetState() =>
        new(double.IsPositiveInfinity(Best) ? null : Best, BadEpochs);

    /// <summary>Restores what <see cref="GetState"/> returned; <see cref="Improved"/> becomes false.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative bad-epoch count.</exception>
    public void SetState(EarlyStoppingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(state.BadEpochs, nameof(state));
        Best = state.Best ?? double.PositiveInfinity;
        BadEpochs = state.BadEpochs;
        Improved = false;
    }
}
