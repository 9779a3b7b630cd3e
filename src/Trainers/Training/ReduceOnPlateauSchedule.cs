namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Reduces the learning rate when the validation loss stops improving, with the semantics of PyTorch's
/// <c>ReduceLROnPlateau(mode='min', threshold_mode='rel', cooldown=0, eps=1e-8)</c>. At the end of each epoch
/// with loss L:
/// <code>
/// if L &lt; best·(1 − threshold):  best ← L, bad ← 0      improvement (best starts at +∞)
/// else:                          bad ← bad + 1
/// if bad &gt; patience:            lr ← max(lr·factor, minLr) (skipped if it changes lr by ≤ 1e-8), bad ← 0
/// </code>
/// So with patience p, p bad epochs in a row are tolerated and the (p + 1)-th reduces the rate for the next
/// epoch. Defaults: patience 5, factor 0.1, threshold 1e-4, minLr 1e-7 (<see cref="ScheduleDefaults"/>).
/// </summary>
/// <remarks>
/// A null loss (no validation data) is not an epoch the schedule can judge: it neither improves nor counts as
/// bad, and the rate stays. A NaN loss counts as bad. Unlike the original, which watched the last batch's
/// training loss, the training loop feeds the epoch's validation loss.
/// </remarks>
public sealed class ReduceOnPlateauSchedule : ILearningRateSchedule
{
    /// <summary>PyTorch's eps: reductions smaller than this are skipped.</summary>
    private const double MinimumChange = 1e-8;

    private int _epoch;
    private double _learningRate;
    private double _best = double.PositiveInfinity;
    private int _badEpochs;

    /// <summary>Starts at <paramref name="initialLearningRate"/> with no best loss.</summary>
    /// <param name="initialLearningRate">lr0.</param>
    /// <param name="patience">Bad epochs tolerated before a reduction. <value>5</value></param>
    /// <param name="factor">Multiplier at a reduction, in (0, 1). <value>0.1</value></param>
    /// <param name="threshold">Relative improvement that counts, in [0, 1). <value>1e-4</value></param>
    /// <param name="minLearningRate">Floor, at most lr0. <value>1e-7</value></param>
    public ReduceOnPlateauSchedule(
        double initialLearningRate,
        int patience = ScheduleDefaults.PlateauPatience,
        double factor = ScheduleDefaults.PlateauFactor,
        double threshold = ScheduleDefaults.PlateauThreshold,
        double minLearningRate = ScheduleDefaults.MinLearningRate)
    {
        _learningRate = ScheduleArguments.RequireLearningRate(initialLearningRate, nameof(initialLearningRate));
        new ScheduleOptions
        {
            Kind = ScheduleKind.ReduceOnPlateau,
            PlateauPatience = patience,
            PlateauFactor = factor,
            PlateauThreshold = threshold,
            MinLearningRate = minLearningRate,
        }.Validate();
        ScheduleArguments.RequireFloorBelow(minLearningRate, initialLearningRate);
        Patience = patience;
        Factor = factor;
        Threshold = threshold;
        MinLearningRate = minLearningRate;
    }

    /// <summary>Bad epochs tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Multiplier at a reduction.</summary>
    public double Factor { get; }

    /// <summary>Relative improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Floor of the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>The best loss seen so far (+∞ before the first).</summary>
    public double Best => _best;

    /// <summary>Consecutive bad epochs since the last improvement or reduction.</summary>
    public int BadEpochs => _badEpochs;

    /// <inheritdoc/>
    public double LearningRateForEpoch(int epoch, double? validationLoss)
    {
        ScheduleArguments.RequireEpoch(epoch);
        _epoch = epoch;
        if (validationLoss is not double loss)
        {
            return _learningRate;
        }
        if (loss < _best * (1 - Threshold))
        {
            _best = loss;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }
        if (_badEpochs > Patience)
        {
            double reduced = Math.Max(_learningRate * Factor, MinLearningRate);
            if (_learningRate - reduced > MinimumChange)
            {
                _learningRate = reduced;
            }
            _badEpochs = 0;
        }
        return _learningRate;
    }

    /// <inheritdoc/>
    public ScheduleState GetState() =>
        new(_epoch, _learningRate, double.IsPositiveInfinity(_best) ? null : _best, _badEpochs);

    /// <inheritdoc/>
    public void SetState(ScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        _epoch = state.Epoch;
        _learningRate = state.LearningRate;
        _best = state.Best ?? double.PositiveInfinity;
        _badEpochs = state.BadEpochs;
    }
}
