namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>How text is sampled from a model.</summary>
public sealed record GenerationOptions
{
    /// <summary>The text to continue; shorter than the window, it is padded on the left with spaces. <value>"Who are you?"</value></summary>
    public string Prompt { get; init; } = GenerationDefaults.Prompt;

    /// <summary>Characters to generate. <value>100</value></summary>
    public int Length { get; init; } = GenerationDefaults.Length;

    /// <summary>Sample among the k most probable characters; 1 is greedy. <value>1</value></summary>
    public int TopK { get; init; } = GenerationDefaults.TopK;

    /// <summary>Probabilities are raised to 1/temperature before sampling; below 1 sharpens. <value>1</value></summary>
    public double Temperature { get; init; } = GenerationDefaults.Temperature;

    /// <summary>Seed of the sampler: the same seed gives the same text. <value>0</value></summary>
    public int Seed { get; init; } = GenerationDefaults.Seed;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Prompt is null)
        {
            problems.Add($"{nameof(Prompt)} must not be null");
        }
        if (Length < 0)
        {
            problems.Add($"{nameof(Length)} must not be negative (got {Length})");
        }
        if (TopK < 1)
        {
            problems.Add($"{nameof(TopK)} must be at least 1 (got {TopK})");
        }
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
        {
            problems.Add($"{nameof(Temperature)} must be a positive number (got {Temperature})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid generation options: " + string.Join("; ", problems) + ".");
        }
    }
}
