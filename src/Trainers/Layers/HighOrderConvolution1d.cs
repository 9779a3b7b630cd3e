using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>A 1-D high-order convolution: every (input channel c, kernel offset j, output channel o) link is a
/// learnable 1-D function <c>f_ocj</c>, and <c>y[o, l] = sum_c sum_j f_ocj(x[c, l·stride + j - padding])</c> (divided
/// by <c>C_in · k</c> with <see cref="ConvolutionLinksConfig.RescaleOutput"/>). A padded position contributes
/// nothing.</summary>
/// <remarks>
/// <para><b>Formulation.</b> The original expands every input value into its K basis values (a dense, mostly zero
/// (B, C·K, L) tensor) and runs an ordinary convolution over it. Here the input is unfolded into its windows with
/// one gather, (B, L_out, C_in·k), and every window goes through one <see cref="HighOrderLayer"/> with
/// <c>C_in·k</c> inputs and <c>C_out</c> outputs, so the layer's segment lookup, basis and contraction
/// (<see cref="PiecewiseAlgorithm"/>) are reused and no dense expansion of the whole input is built. Padded taps
/// read a clamped in-range position and are switched off by a constant (L_out, C_in·k) mask on their basis values,
/// so they contribute zero and send no gradient.</para>
/// <para>With overlapping windows (kernel 2 or 3 at stride 1) the gather evaluates each position's basis once per tap;
/// there <see cref="ConvolutionFormulation.Auto"/> expands each position once and convolves instead
/// (<see cref="ConvolutionFormulation.ExpandedConvolution"/>, the original's form), see
/// <see cref="HighOrderConvolution1dConfig.FormulationFor"/>.</para>
/// <para><b>Weights.</b> <see cref="Links"/> holds them, [C_in·k, K, C_out] (state-dict key <c>links.weight</c>):
/// link <c>c·k + j</c>, the original's channel-major order.</para>
/// </remarks>
public sealed class HighOrderConvolution1d : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "links")]
    private readonly HighOrderLayer _links;
    private readonly HighOrderConvolution1dConfig _config;

    /// <summary>Creates the convolution and draws its weights.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="config">Shape and options; validated here.</param>
    /// <param name="generator">Random generator for the initialisation; the global one when null.</param>
    /// <exception cref="ArgumentException">The configuration is invalid (every bad field is named).</exception>
    public HighOrderConvolution1d(string name, HighOrderConvolution1dConfig config, Generator? generator = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _links = new HighOrderLayer("links", config.LinkLayer(), generator);
        RegisterComponents();
    }

    /// <summary>The configuration the layer was built with.</summary>
    public HighOrderConvolution1dConfig Config => _config;

    /// <summary>The fully connected layer applied to every window (its weight is the convolution's).</summary>
    public HighOrderLayer Links => _links;

    /// <summary>Evaluates the convolution.</summary>
    /// <param name="input">(B, C_in, L).</param>
    /// <returns>(B, C_out, L_out), <c>L_out = floor((L + 2·padding - k)/stride) + 1</c>.</returns>
    /// <exception cref="ArgumentException">Wrong channel count, or the kernel does not fit the input.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[1] != _config.InChannels)
        {
            throw new ArgumentException($"Expected input of shape (B, {_config.InChannels}, L), got ({string.Join(", ", input.shape)}).", nameof(input));
        }
        int length = (int)input.shape[2];
        EnsureFits(length);
        return _config.FormulationFor(length) == ConvolutionFormulation.ExpandedConvolution
            ? ExpandThenConvolve(input)
            : GatherWindows(input, WindowsOf(length));
    }

    /// <summary><see cref="ConvolutionFormulation.Windows"/>: every window through the link layer.</summary>
    private Tensor GatherWindows(Tensor input, Windows windows)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        Tensor index = tensor(windows.Positions, dtype: ScalarType.Int64, device: input.device);          // (L_out·k)
        Tensor taps = input.index_select(2, index).view(batch, _config.InChannels, windows.Length, _config.KernelSize); // (B, C_in, L_out, k)
        Tensor links = taps.permute(0, 2, 1, 3).reshape(batch, windows.Length, _config.LinksPerOutput); // (B, L_out, C_in·k)
        Tensor? mask = windows.Mask is null ? null : tensor(windows.Mask.Cast<float>().ToArray(), [windows.Length, _config.LinksPerOutput]);
        Tensor y = _links.Forward(links, mask);                                                           // (B, L_out, C_out)
        if (_config.RescaleOutput)
        {
            y = AverageOverLinks(y);
        }
        return y.permute(0, 2, 1).contiguous().MoveToOuterDisposeScope();                                // (B, C_out, L_out)
    }

    /// <summary><see cref="ConvolutionFormulation.ExpandedConvolution"/>: each position's K basis values once, then
    /// conv1d with the weight [C_in·k, K, C_out] viewed as (C_out, C_in·K, k) (channel c's basis q at offset j).</summary>
    private Tensor AverageOverLinks(Tensor sums)
    {
        using Scalar links = _config.LinksPerOutput;
        return sums.div(links);
    }

    private Tensor ExpandThenConvolve(Tensor input)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0], length = input.shape[2];
        int channels = _config.InChannels, weights = _links.Config.WeightsPerLink;
        Tensor values = input.permute(0, 2, 1).reshape(batch * length, channels);                        // (B·L, C_in)
        Tensor expanded = _links.ExpandedBasis(values)
            .view(batch, length, channels * weights).permute(0, 2, 1);                                    // (B, C_in·K, L)
        Tensor kernel = _links.Weight.view(channels, _config.KernelSize, weights, _config.OutChannels)   // (C_in, k, K, C_out)
            .permute(3, 0, 2, 1).reshape(_config.OutChannels, channels * weights, _config.KernelSize);  // (C_out, C_in·K, k)
        Tensor y = nn.functional.conv1d(expanded, kernel, stride: _config.Stride, padding: _config.Padding); // (B, C_out, L_out)
        if (_config.RescaleOutput)
        {
            y = AverageOverLinks(y);
        }
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>The gather positions and padding mask for an input of the given length.</summary>
    /// <exception cref="ArgumentException">The kernel does not fit (no output position).</exception>
    internal Windows WindowsOf(int inputLength)
    {
        EnsureFits(inputLength);
        int outputLength = _config.OutputLength(inputLength);
        int k = _config.KernelSize;
        var positions = new long[outputLength * k];
        float[,]? mask = _config.Padding > 0 ? new float[outputLength, _config.LinksPerOutput] : null;
        for (int l = 0; l < outputLength; l++)
        {
            for (int j = 0; j < k; j++)
            {
                int position = l * _config.Stride + j - _config.Padding;
                positions[l * k + j] = Math.Clamp(position, 0, inputLength - 1);
                if (mask is not null && position >= 0 && position < inputLength)
                {
                    for (int c = 0; c < _config.InChannels; c++)
                    {
                        mask[l, c * k + j] = 1f;
                    }
                }
            }
        }
        return new Windows(outputLength, positions, mask);
    }

    /// <summary>Checks that an input of this length has at least one output position.</summary>
    /// <exception cref="ArgumentException">The kernel does not fit (no output position).</exception>
    private void EnsureFits(int inputLength)
    {
        if (_config.OutputLength(inputLength) < 1)
        {
            throw new ArgumentException($"Input length {inputLength} is too short for kernel {_config.KernelSize} with padding {_config.Padding}: no output position.");
        }
    }

    /// <summary>Where the windows of one input length read: output length, clamped input position of every
    /// (output position, kernel offset) pair, and the (L_out, C_in·k) mask of real (non-padded) taps, or null
    /// without padding.</summary>
    internal sealed record Windows(int Length, long[] Positions, float[,]? Mask);
}
