namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>The single source of generation defaults.</summary>
public static class GenerationDefaults
{
    /// <summary>One of the original's prompts.</summary>
    public const string Prompt = "Who are you?";

    /// <summary>Characters generated (the original's num_predict).</summary>
    public const int Length = 100;

    /// <summary>Greedy.</summary>
    public const int TopK = 1;

    /// <summary>Unchanged probabilities.</summary>
    public const double Temperature = 1.0;

    /// <summary>Sampler seed.</summary>
    public const int Seed = 0;
}
