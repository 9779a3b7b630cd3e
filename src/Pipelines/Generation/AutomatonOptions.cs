namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>How a <see cref="LanguageAutomaton"/> rewrites a text.</summary>
public sealed record AutomatonOptions
{
    /// <summary>How many times every position is rewritten. <value>10</value> (the original's <c>data.reapply</c>)</summary>
    public int Steps { get; init; } = 10;

    /// <summary>Sample among the k most probable characters; 1 is greedy. <value>1</value></summary>
    public int TopK { get; init; } = GenerationDefaults.TopK;

    /// <summary>Probabilities are raised to 1/temperature before sampling. <value>1</value></summary>
    public double Temperature { get; init; } = GenerationDefaults.Temperature;

    /// <summary>Seed of the sampler: the same seed gives the same steps. <value>0</value></summary>
    public int Seed { get; init; } = GenerationDefaults.Seed;

    /// <summary>A position is rewritten only where the model gives its current character a probability below this;
    /// elsewhere it keeps its character. Below 1 the automaton repairs rather than rewrites: characters the model
    /// finds plausible stay. <value>1 (every position rewritten, as the original)</value></summary>
    public double RewriteBelow { get; init; } = 1.0;

    /// <summary>
    /// The share ρ of characters believed corrupted (replaced by a random other character of the V-class vocabulary),
    /// or null. When set, a position keeps its character c unless the model's most probable other character x is
    /// more likely the original under that belief: p(x)·ρ/(V - 1) > p(c)·(1 - ρ), the maximum a-posteriori decision
    /// between "c is original" and "c replaced x". Applied on top of <see cref="RewriteBelow"/>. <value>null</value>
    /// </summary>
    public double? CorruptionPrior { get; init; }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Steps < 1)
        {
            problems.Add($"{nameof(Steps)} must be at least 1 (got {Steps})");
        }
        if (TopK < 1)
        {
            problems.Add($"{nameof(TopK)} must be at least 1 (got {TopK})");
        }
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
        {
            problems.Add($"{nameof(Temperature)} must be a positive number (got {Temperature})");
        }
        if (!(RewriteBelow > 0 && RewriteBelow <= 1))
        {
            problems.Add($"{nameof(RewriteBelow)} must be in (0, 1] (got {RewriteBelow})");
        }
        if (CorruptionPrior is double prior && !(prior > 0 && prior < 1))
        {
            problems.Add($"{nameof(CorruptionPrior)} must be in (0, 1) (got {prior})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid automaton options: " + string.Join("; ", problems) + ".");
        }
    }
}
