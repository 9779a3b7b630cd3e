namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The shape and options of one <see cref="ProductLayer"/>.</summary>
/// <remarks>Immutable; <see cref="Validate"/> names every bad field. Unlike the original, <see cref="Bias"/> false works
/// (the original crashes without a bias).</remarks>
public sealed record ProductLayerConfig
{
    /// <summary>Number of inputs (<c>in</c>).</summary>
    public int InFeatures { get; init; }

    /// <summary>Number of outputs (<c>out</c>).</summary>
    public int OutFeatures { get; init; }

    /// <summary>Weight of the pure product, see <see cref="ProductCombination"/>.</summary>
    /// <value>Default 1.0.</value>
    public double Alpha { get; init; } = HighOrderLayerDefaults.ProductAlpha;

    /// <summary>Whether each output adds a learnable bias.</summary>
    /// <value>Default true (as the original).</value>
    public bool Bias { get; init; } = true;

    /// <summary>Number of parameters: <c>in · out</c> weights plus <c>out</c> biases.</summary>
    public long ParameterCount => (long)InFeatures * OutFeatures + (Bias ? OutFeatures : 0);

    /// <summary>Checks every field and throws one <see cref="ArgumentException"/> that names all bad ones.</summary>
    /// <exception cref="ArgumentException">Some field is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (InFeatures < 1)
        {
            problems.Add($"{nameof(InFeatures)} must be >= 1, got {InFeatures}");
        }
        if (OutFeatures < 1)
        {
            problems.Add($"{nameof(OutFeatures)} must be >= 1, got {OutFeatures}");
        }
        if (!double.IsFinite(Alpha))
        {
            problems.Add($"{nameof(Alpha)} must be finite, got {Alpha}");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid product layer configuration: " + string.Join("; ", problems) + ".");
        }
    }
}
