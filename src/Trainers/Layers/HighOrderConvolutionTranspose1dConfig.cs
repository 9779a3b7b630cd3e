namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The shape and options of one <see cref="HighOrderConvolutionTranspose1d"/>: the shared link options
/// (<see cref="ConvolutionLinksConfig"/>; every input position writes into <c>k</c> consecutive output positions),
/// with <see cref="ConvolutionLinksConfig.Stride"/>, <see cref="Padding"/> and <see cref="OutputPadding"/> as in
/// torch's <c>conv_transpose1d</c>.</summary>
/// <remarks>Immutable; <see cref="Validate"/> names every bad field. <see cref="LinkLayer"/> is the fully connected
/// layer applied to every input position (fan-in <c>C_in</c>).</remarks>
public sealed record HighOrderConvolutionTranspose1dConfig : ConvolutionLinksConfig
{
    /// <summary>Positions cropped from each end of the full output (torch's <c>padding</c> of a transposed
    /// convolution: the inverse of the convolution's padding). <value>Default 0.</value></summary>
    public int Padding { get; init; }

    /// <summary>Positions added at the end of the output, smaller than <see cref="ConvolutionLinksConfig.Stride"/> (torch's
    /// <c>output_padding</c>: picks which of the input lengths a strided convolution maps to the same length is
    /// inverted). Added positions that no input window reaches are 0. <value>Default 0.</value></summary>
    public int OutputPadding { get; init; }

    /// <summary>The fully connected layer applied to every input position: <c>C_in</c> inputs to <c>C_out · k</c>
    /// outputs, output <c>o·k + j</c> being what the position writes at kernel offset j of output channel o (torch's
    /// (C_in, C_out, k) weight order).</summary>
    public override HighOrderLayerConfig LinkLayer() => LinkOptions(InChannels, OutChannels * KernelSize);

    /// <summary>Output length <c>(L - 1)·stride - 2·padding + k + output_padding</c> (torch's formula), or 0 when
    /// that is not positive.</summary>
    public int OutputLength(int inputLength)
    {
        int length = (inputLength - 1) * Stride - 2 * Padding + KernelSize + OutputPadding;
        return inputLength < 1 || length < 0 ? 0 : length;
    }

    /// <summary>Checks every field and throws one <see cref="ArgumentException"/> that names all bad ones.</summary>
    /// <exception cref="ArgumentException">Some field is out of range.</exception>
    public void Validate()
    {
        List<string> problems = Problems();
        if (Padding < 0)
        {
            problems.Add($"{nameof(Padding)} must be >= 0, got {Padding}");
        }
        if (OutputPadding < 0 || (Stride >= 1 && OutputPadding >= Stride))
        {
            problems.Add($"{nameof(OutputPadding)} must be >= 0 and smaller than {nameof(Stride)} ({Stride}), got {OutputPadding}");
        }
        ThrowIfAny(problems, "high-order transposed convolution");
    }
}
