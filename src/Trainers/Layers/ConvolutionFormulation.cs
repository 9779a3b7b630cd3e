namespace LanguageInterpolation.Trainers.Layers;

/// <summary>How a <see cref="HighOrderConvolution1d"/> evaluates its links. Both formulations compute the same function
/// and gradients (to float rounding); they differ in speed and memory (<c>bench/results/conv-layer-formulations.md</c>).</summary>
public enum ConvolutionFormulation
{
    /// <summary>Pick per layer and input length: <see cref="ExpandedConvolution"/> when the windows overlap enough that
    /// the taps read every input position at least <see cref="HighOrderConvolution1dConfig.ExpandedConvolutionMinimumReads"/>
    /// (1.5) times on average, the window layer expands (<see cref="PiecewiseAlgorithm.ExpandedMatmul"/>: few weights per
    /// link) and the links are summed; otherwise <see cref="Windows"/>.</summary>
    /// <remarks>Why: gathering windows evaluates the basis once per tap, so overlapping windows (kernel 2 or 3 at stride
    /// 1) repeat that work and the expanded matrix; expanding each position once and convolving does not. With many
    /// segments the gathered contraction, whose cost does not grow with K, wins whatever the overlap.</remarks>
    Auto,

    /// <summary>Gather every window, (B·L_out, C_in·k), and evaluate it with the <see cref="HighOrderLayer"/> (either
    /// contraction). No dense expansion of the whole input.</summary>
    Windows,

    /// <summary>The original's form: expand every input position once into its K basis values, a dense
    /// (B, C_in·K, L) tensor, and run one ordinary <c>conv1d</c> with the weight viewed as (C_out, C_in·K, k). Padding is
    /// zero in the expanded space, so a padded tap contributes nothing. Sum combination only.</summary>
    ExpandedConvolution,
}
