namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// Which optimizer to build and its hyperparameters. Learning rate, β2 and weight decay default to the values
/// of the chosen <see cref="Kind"/> (see <see cref="OptimizerDefaults"/>) until they are set, so
/// <c>new OptimizerOptions { Kind = OptimizerKind.Adam }</c> gets Adam's defaults, not Lion's.
/// </summary>
public sealed record OptimizerOptions
{
    private readonly double? _learningRate;
    private readonly double? _beta2;
    private readonly double? _weightDecay;

    /// <summary>The update rule. <value>SparseLion</value></summary>
    public OptimizerKind Kind { get; init; } = OptimizerDefaults.Kind;

    /// <summary>Learning rate η. <value>1e-4 for Lion and SparseLion, 1e-3 for Adam and AdamW</value></summary>
    public double LearningRate
    {
        get => _learningRate ?? OptimizerDefaults.LearningRateFor(Kind);
        init => _learningRate = value;
    }

    /// <summary>β1: Lion's interpolation factor of the update direction, Adam's first-moment decay. <value>0.9</value></summary>
    public double Beta1 { get; init; } = OptimizerDefaults.Beta1;

    /// <summary>β2: Lion's momentum decay, Adam's second-moment decay. <value>0.99 for Lion and SparseLion, 0.999 for Adam and AdamW</value></summary>
    public double Beta2
    {
        get => _beta2 ?? OptimizerDefaults.Beta2For(Kind);
        init => _beta2 = value;
    }

    /// <summary>
    /// Weight decay λ: decoupled (p ← p·(1 − η·λ)) for Lion, SparseLion and AdamW, an L2 term (g ← g + λ·p) for
    /// Adam. <value>0, except 0.01 for AdamW</value>
    /// </summary>
    public double WeightDecay
    {
        get => _weightDecay ?? OptimizerDefaults.WeightDecayFor(Kind);
        init => _weightDecay = value;
    }

    /// <summary>ε added to √v̂ by Adam and AdamW; Lion ignores it. <value>1e-8</value></summary>
    public double Epsilon { get; init; } = OptimizerDefaults.Epsilon;

    /// <summary>Throws one <see cref="ArgumentException"/> that names every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"{nameof(Kind)} must be one of {string.Join(", ", Enum.GetNames<OptimizerKind>())} (got {(int)Kind})");
        }
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            problems.Add($"{nameof(LearningRate)} must be positive and finite (got {LearningRate})");
        }
        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            problems.Add($"{nameof(Beta1)} must be in [0, 1) (got {Beta1})");
        }
        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            problems.Add($"{nameof(Beta2)} must be in [0, 1) (got {Beta2})");
        }
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            problems.Add($"{nameof(WeightDecay)} must be non-negative and finite (got {WeightDecay})");
        }
        else if (LearningRate * WeightDecay >= 1)
        {
            problems.Add($"{nameof(LearningRate)} * {nameof(WeightDecay)} must be below 1, or the decay factor 1 - lr*wd flips or zeroes the parameters (got {LearningRate * WeightDecay})");
        }
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
        {
            problems.Add($"{nameof(Epsilon)} must be positive and finite (got {Epsilon})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid optimizer options: " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>Equal when the kind and every effective value are equal (a default equals the same value set explicitly).</summary>
    public bool Equals(OptimizerOptions? other) =>
        other is not null
        && Kind == other.Kind
        && LearningRate.Equals(other.LearningRate)
        && Beta1.Equals(other.Beta1)
        && Beta2.Equals(other.Beta2)
        && WeightDecay.Equals(other.WeightDecay)
        && Epsilon.Equals(other.Epsilon);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, LearningRate, Beta1, Beta2, WeightDecay, Epsilon);
}
