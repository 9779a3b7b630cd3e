namespace LanguageInterpolation.Trainers.Training;

/// <summary>Which learning-rate schedule to build and its settings; the initial rate comes from the optimizer options.</summary>
public sealed record ScheduleOptions
{
    /// <summary>The schedule. <value>ReduceOnPlateau</value></summary>
    public ScheduleKind Kind { get; init; } = ScheduleDefaults.Kind;

    /// <summary>
    /// Plateau: bad epochs tolerated; the rate is reduced at the end of the (patience + 1)-th consecutive bad
    /// epoch, as in PyTorch. <value>5</value>
    /// </summary>
    public int PlateauPatience { get; init; } = ScheduleDefaults.PlateauPatience;

    /// <summary>Plateau: lr ← max(lr·factor, <see cref="MinLearningRate"/>) at a reduction. <value>0.1</value></summary>
    public double PlateauFactor { get; init; } = ScheduleDefaults.PlateauFactor;

    /// <summary>
    /// Plateau: an epoch improves when its loss is below best·(1 − threshold) (PyTorch's 'rel' mode).
    /// <value>1e-4</value>
    /// </summary>
    public double PlateauThreshold { get; init; } = ScheduleDefaults.PlateauThreshold;

    /// <summary>Exponential: lr(e) = lr0·γ^e. <value>0.9</value></summary>
    public double ExponentialGamma { get; init; } = ScheduleDefaults.ExponentialGamma;

    /// <summary>Floor of the plateau and exponential schedules, end point of the cosine. <value>1e-7</value></summary>
    public double MinLearningRate { get; init; } = ScheduleDefaults.MinLearningRate;

    /// <summary>Cosine: the length T in epochs; 0 uses the run's maximum number of epochs. <value>0</value></summary>
    public int CosineEpochs { get; init; } = ScheduleDefaults.CosineEpochs;

    /// <summary>Throws one <see cref="ArgumentException"/> that names every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"{nameof(Kind)} must be one of {string.Join(", ", Enum.GetNames<ScheduleKind>())} (got {(int)Kind})");
        }
        if (PlateauPatience < 0)
        {
            problems.Add($"{nameof(PlateauPatience)} must be at least 0 (got {PlateauPatience})");
        }
        if (!(PlateauFactor > 0 && PlateauFactor < 1))
        {
            problems.Add($"{nameof(PlateauFactor)} must be in (0, 1) (got {PlateauFactor})");
        }
        if (!(PlateauThreshold >= 0 && PlateauThreshold < 1))
        {
            problems.Add($"{nameof(PlateauThreshold)} must be in [0, 1) (got {PlateauThreshold})");
        }
        if (!(ExponentialGamma > 0 && ExponentialGamma <= 1))
        {
            problems.Add($"{nameof(ExponentialGamma)} must be in (0, 1] (got {ExponentialGamma})");
        }
        if (!(MinLearningRate >= 0) || double.IsInfinity(MinLearningRate))
        {
            problems.Add($"{nameof(MinLearningRate)} must be non-negative and finite (got {MinLearningRate})");
        }
        if (CosineEpochs < 0)
        {
            problems.Add($"{nameof(CosineEpochs)} must be at least 0 (got {CosineEpochs})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid schedule options: " + string.Join("; ", problems) + ".");
        }
    }
}
