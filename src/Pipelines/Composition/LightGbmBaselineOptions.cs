namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>Settings of the LightGBM baseline; the defaults follow the original's gbm config where it has one.</summary>
public sealed record LightGbmBaselineOptions
{
    /// <summary>Boosting rounds. <value>100</value> (the original's).</summary>
    public int NumberOfIterations { get; init; } = 100;

    /// <summary>Leaves per tree. <value>100</value> (the original's).</summary>
    public int NumberOfLeaves { get; init; } = 100;

    /// <summary>Maximum tree depth. <value>32</value> (the original's).</summary>
    public int MaximumTreeDepth { get; init; } = 32;

    /// <summary>Shrinkage. <value>0.1</value></summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>L2 penalty on leaf values. <value>1</value> (ML.NET's 0.01 lets pure leaves of large texts take
    /// near-infinite values: probabilities of exactly 0 or 1 and a log-loss that explodes on held-out text).</summary>
    public double L2Regularization { get; init; } = 1.0;

    /// <summary>Minimum rows per leaf. <value>20</value></summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    /// <summary>Declare every context position categorical (one-hot over the vocabulary), as the original did. <value>false</value></summary>
    public bool CategoricalContext { get; init; }

    /// <summary>LightGBM threads; 0 means one per core. <value>0</value></summary>
    public int Threads { get; init; }

    /// <summary>Seed. <value>0</value></summary>
    public int Seed { get; init; }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (NumberOfIterations < 1)
        {
            problems.Add($"{nameof(NumberOfIterations)} must be at least 1 (got {NumberOfIterations})");
        }
        if (NumberOfLeaves < 2)
        {
            problems.Add($"{nameof(NumberOfLeaves)} must be at least 2 (got {NumberOfLeaves})");
        }
        if (MaximumTreeDepth < 1)
        {
            problems.Add($"{nameof(MaximumTreeDepth)} must be at least 1 (got {MaximumTreeDepth})");
        }
        if (!(LearningRate > 0))
        {
            problems.Add($"{nameof(LearningRate)} must be positive (got {LearningRate})");
        }
        if (!(L2Regularization >= 0))
        {
            problems.Add($"{nameof(L2Regularization)} must not be negative (got {L2Regularization})");
        }
        if (MinimumExampleCountPerLeaf < 1)
        {
            problems.Add($"{nameof(MinimumExampleCountPerLeaf)} must be at least 1 (got {MinimumExampleCountPerLeaf})");
        }
        if (Threads < 0)
        {
            problems.Add($"{nameof(Threads)} must not be negative (got {Threads})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid LightGBM options: " + string.Join("; ", problems) + ".");
        }
    }
}
