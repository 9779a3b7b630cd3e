namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The shape and options of one <see cref="HighOrderConvolution1d"/>: the shared link options
/// (<see cref="ConvolutionLinksConfig"/>) slid along the input with <see cref="ConvolutionLinksConfig.Stride"/> and
/// <see cref="Padding"/>.</summary>
/// <remarks>Immutable; <see cref="Validate"/> names every bad field. <see cref="LinkLayer"/> is the fully connected
/// layer that evaluates every window.</remarks>
public sealed record HighOrderConvolution1dConfig : ConvolutionLinksConfig
{
    /// <summary>Positions added on each side; a padded position contributes nothing (as in the original, which pads
    /// after the basis expansion). <value>Default 0.</value></summary>
    public int Padding { get; init; }

    /// <summary>How an output combines its <c>C_in · k</c> link values: summed, or multiplied as the <c>*_prod</c> links
    /// (<see cref="ProductCombination"/>; a padded tap contributes the factor 1). <value>Default
    /// <see cref="LinkCombination.Sum"/>.</value></summary>
    public LinkCombination Combination { get; init; } = HighOrderLayerDefaults.Combination;

    /// <summary>How the convolution evaluates its links. <value>Default <see cref="ConvolutionFormulation.Auto"/>.</value></summary>
    public ConvolutionFormulation Formulation { get; init; } = ConvolutionFormulation.Auto;

    /// <summary><see cref="ConvolutionFormulation.Auto"/> expands and convolves when the taps read every input position
    /// at least this many times on average (<c>k · L_out / L</c>).</summary>
    public const double ExpandedConvolutionMinimumReads = 1.5;

    /// <summary>The fully connected layer applied to every window: <c>C_in · k</c> inputs (link <c>c·k + j</c> reads
    /// channel c at kernel offset j) to <c>C_out</c> outputs.</summary>
    public override HighOrderLayerConfig LinkLayer() => LinkOptions(LinksPerOutput, OutChannels) with { Combination = Combination };

    /// <summary>The formulation used for an input of the given length (<see cref="ConvolutionFormulation.Auto"/>
    /// resolved; see there).</summary>
    public ConvolutionFormulation FormulationFor(int inputLength)
    {
        if (Formulation != ConvolutionFormulation.Auto)
        {
            return Formulation;
        }
        double readsPerPosition = (double)KernelSize * OutputLength(inputLength) / Math.Max(1, inputLength);
        return readsPerPosition >= ExpandedConvolutionMinimumReads
            && Combination == LinkCombination.Sum
            && LinkLayer().ResolvedAlgorithm == PiecewiseAlgorithm.ExpandedMatmul
            ? ConvolutionFormulation.ExpandedConvolution
            : ConvolutionFormulation.Windows;
    }

    /// <summary>Output length <c>floor((L + 2·padding - k) / stride) + 1</c>, or 0 when the kernel does not fit.</summary>
    public int OutputLength(int inputLength)
    {
        int span = inputLength + 2 * Padding - KernelSize;
        return span < 0 ? 0 : span / Stride + 1;
    }

    /// <summary>Checks every field and throws one <see cref="ArgumentException"/> that names all bad ones.</summary>
    /// <exception cref="ArgumentException">Some field is out of range.</exception>
    public void Validate()
    {
        List<string> problems = Problems();
        if (Padding < 0 || (KernelSize >= 1 && Padding >= KernelSize))
        {
            problems.Add($"{nameof(Padding)} must be >= 0 and smaller than {nameof(KernelSize)} (a window of padding only), got {Padding}");
        }
        if (Formulation == ConvolutionFormulation.ExpandedConvolution && Combination != LinkCombination.Sum)
        {
            problems.Add($"{nameof(Formulation)} {ConvolutionFormulation.ExpandedConvolution} sums the links; {nameof(Combination)} {Combination} needs {ConvolutionFormulation.Windows}");
        }
        ThrowIfAny(problems, "high-order convolution");
    }
}
