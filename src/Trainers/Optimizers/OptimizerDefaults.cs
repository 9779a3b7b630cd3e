namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>
/// The single source of the optimizer defaults: <see cref="OptimizerOptions"/>, the optimizer constructors,
/// the CLI and the README take their values from here.
/// </summary>
/// <remarks>
/// | kind | learning rate | β1 | β2 | weight decay | ε |
/// |---|---|---|---|---|---|
/// | Lion, SparseLion | 1e-4 | 0.9 | 0.99 | 0 | (unused) |
/// | Adam | 1e-3 | 0.9 | 0.999 | 0 | 1e-8 |
/// | AdamW | 1e-3 | 0.9 | 0.999 | 0.01 | 1e-8 |
/// The betas are the papers' (Lion: Chen et al. 2023; Adam: Kingma &amp; Ba 2015). Lion's learning rate is the original's
/// large presets' (batch 1000), within the Lion paper's advice of a rate 3-10x smaller than Adam's; it is also
/// the training default (<see cref="Training.TrainingOptions.Optimizer"/>), so one constant serves both. AdamW's weight decay is PyTorch's default; the others
/// default to none, as in the original.
/// </remarks>
public static class OptimizerDefaults
{
    /// <summary>The default update rule: SparseLion, as in the original's default config.</summary>
    public const OptimizerKind Kind = OptimizerKind.SparseLion;

    /// <summary>Learning rate of Lion and SparseLion.</summary>
    public const double LionLearningRate = 1e-4;

    /// <summary>Learning rate of Adam and AdamW.</summary>
    public const double AdamLearningRate = 1e-3;

    /// <summary>β1 of every kind: Lion's interpolation factor for the update direction, Adam's first-moment decay.</summary>
    public const double Beta1 = 0.9;

    /// <summary>β2 of Lion and SparseLion (the momentum decay).</summary>
    public const double LionBeta2 = 0.99;

    /// <summary>β2 of Adam and AdamW (the second-moment decay).</summary>
    public const double AdamBeta2 = 0.999;

    /// <summary>Weight decay of Lion, SparseLion and Adam.</summary>
    public const double WeightDecay = 0.0;

    /// <summary>Weight decay of AdamW (PyTorch's default).</summary>
    public const double AdamWWeightDecay = 0.01;

    /// <summary>ε added to √v̂ by Adam and AdamW (Lion does not use it).</summary>
    public const double Epsilon = 1e-8;

    /// <summary>The default learning rate of <paramref name="kind"/>.</summary>
    public static double LearningRateFor(OptimizerKind kind) =>
        IsLion(kind) ? LionLearningRate : AdamLearningRate;

    /// <summary>The default β2 of <paramref name="kind"/>.</summary>
    public static double Beta2For(OptimizerKind kind) =>
        IsLion(kind) ? LionBeta2 : AdamBeta2;

    /// <summary>The default weight decay of <paramref name="kind"/>.</summary>
    public static double WeightDecayFor(OptimizerKind kind) =>
        kind == OptimizerKind.AdamW ? AdamWWeightDecay : WeightDecay;

    private static bool IsLion(OptimizerKind kind) =>
        kind is OptimizerKind.Lion or OptimizerKind.SparseLion;
}
