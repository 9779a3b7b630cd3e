namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>Which source a passage resembles.</summary>
/// <param name="Sources">The member sources, in member order.</param>
/// <param name="Characters">Characters scored.</param>
/// <param name="BitsPerCharacter">Each member's bits per character on the passage.</param>
/// <param name="Posterior">The posterior over members from a uniform prior, every character counted
/// (Bayes' rule with no switching): π_m ∝ Π_t p_m(x_t).</param>
/// <param name="Trajectory">The switching posterior (uniform prior, the ensemble's fitted rate) after every
/// character, [t][m]: where in the passage the text resembles which source.</param>
public sealed record Attribution(
    IReadOnlyList<string> Sources,
    int Characters,
    IReadOnlyList<double> BitsPerCharacter,
    IReadOnlyList<double> Posterior,
    IReadOnlyList<double[]> Trajectory)
{
    /// <summary>The most probable source.</summary>
    public string MostLikelySource => Sources[Enumerable.Range(0, Sources.Count).MaxBy(m => Posterior[m])];
}
