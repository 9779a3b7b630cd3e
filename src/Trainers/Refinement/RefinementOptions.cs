namespace LanguageInterpolation.Trainers.Refinement;

/// <summary>
/// What <see cref="NetworkRefinement"/> changes; null leaves a quantity as it is. Refinement only adds
/// resolution, so that the refined network computes the same function: n never decreases and a new
/// segment count is a multiple of the old one.
/// </summary>
public sealed record RefinementOptions
{
    /// <summary>p-refinement: the nodes per segment (<c>n</c>) of every high-order layer. <value>null</value></summary>
    public int? Nodes { get; init; }

    /// <summary>h-refinement: the segments of the layers that read hidden activations (hidden and output
    /// high-order layers). The input layer's segments place characters and change only with
    /// <see cref="InputSegments"/>. <value>null</value></summary>
    public int? Segments { get; init; }

    /// <summary>h-refinement of the input layer. <value>null</value></summary>
    public int? InputSegments { get; init; }

    /// <summary>Whether any refinement was asked for.</summary>
    public bool IsEmpty => Nodes is null && Segments is null && InputSegments is null;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid field.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (IsEmpty)
        {
            problems.Add($"nothing to refine: give {nameof(Nodes)}, {nameof(Segments)} or {nameof(InputSegments)}");
        }
        if (Nodes is < 1)
        {
            problems.Add($"{nameof(Nodes)} must be at least 1 (got {Nodes})");
        }
        if (Segments is < 1)
        {
            problems.Add($"{nameof(Segments)} must be at least 1 (got {Segments})");
        }
        if (InputSegments is < 1)
        {
            problems.Add($"{nameof(InputSegments)} must be at least 1 (got {InputSegments})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid refinement: " + string.Join("; ", problems) + ".");
        }
    }
}
