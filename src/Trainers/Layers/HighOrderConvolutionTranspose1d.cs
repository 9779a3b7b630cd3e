using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>A 1-D transposed high-order convolution: every (input channel c, kernel offset j, output channel o) link is
/// a learnable 1-D function <c>f_ocj</c>, and every input position l writes <c>f_ocj(x[c, l])</c> into output position
/// <c>m = l·stride + j - padding</c>: <c>y[o, m] = sum over (c, l, j) with l·stride + j - padding = m of
/// f_ocj(x[c, l])</c> (divided by <c>C_in · k</c> with <see cref="ConvolutionLinksConfig.RescaleOutput"/>).
/// This is torch's <c>conv_transpose1d</c> with every weight replaced by a function of its input.</summary>
/// <remarks>
/// <para><b>Formulation.</b> The sum over input channels happens first and per position:
/// <c>g[l, o·k + j] = sum_c f_ocj(x[c, l])</c> is one <see cref="HighOrderLayer"/> (<c>C_in</c> inputs,
/// <c>C_out · k</c> outputs) applied to every input position. Then the k values of every position are added into
/// their output positions (overlap-add, one <c>index_add</c> along the length); positions cropped by
/// <see cref="HighOrderConvolutionTranspose1dConfig.Padding"/> are dropped. The original only has a 2-D transposed
/// layer (expand, then an ordinary ConvTranspose2d); this is its 1-D counterpart without the dense expansion.</para>
/// <para><b>Weights.</b> <see cref="Links"/> holds them, [C_in, K, C_out·k] (state-dict key <c>links.weight</c>).</para>
/// </remarks>
public sealed class HighOrderConvolutionTranspose1d : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "links")]
    private readonly HighOrderLayer _links;
    private readonly HighOrderConvolutionTranspose1dConfig _config;

    /// <summary>Creates the transposed convolution and draws its weights.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="config">Shape and options; validated here.</param>
    /// <param name="generator">Random generator for the initialisation; the global one when null.</param>
    /// <exception cref="ArgumentException">The configuration is invalid (every bad field is named).</exception>
    public HighOrderConvolutionTranspose1d(string name, HighOrderConvolutionTranspose1dConfig config, Generator? generator = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _links = new HighOrderLayer("links", config.LinkLayer(), generator);
        RegisterComponents();
    }

    /// <summary>The configuration the layer was built with.</summary>
    public HighOrderConvolutionTranspose1dConfig Config => _config;

    /// <summary>The fully connected layer applied to every input position (its weight is the convolution's).</summary>
    public HighOrderLayer Links => _links;

    /// <summary>Evaluates the transposed convolution.</summary>
    /// <param name="input">(B, C_in, L).</param>
    /// <returns>(B, C_out, L_out), <c>L_out = (L - 1)·stride - 2·padding + k + output_padding</c>.</returns>
    /// <exception cref="ArgumentException">Wrong channel count, or the padding leaves no output position.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[1] != _config.InChannels)
        {
            throw new ArgumentException($"Expected input of shape (B, {_config.InChannels}, L), got ({string.Join(", ", input.shape)}).", nameof(input));
        }
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        int length = (int)input.shape[2];
        Placement placement = PlacementOf(length);
        int k = _config.KernelSize, outputs = _config.OutChannels;
        Tensor g = _links.call(input.transpose(1, 2));                                                   // (B, L, C_out·k)
        Tensor taps = g.view(batch, length, outputs, k).permute(0, 2, 1, 3).reshape(batch, outputs, -1); // (B, C_out, L·k): column l·k + j
        Tensor source = tensor(placement.Sources, dtype: ScalarType.Int64, device: input.device);        // kept columns
        Tensor target = tensor(placement.Targets, dtype: ScalarType.Int64, device: input.device);        // their output positions
        using Scalar one = 1.0; // held for the native call (a temporary Scalar can be finalised under load)
        Tensor y = zeros([batch, outputs, placement.Length], dtype: g.dtype, device: g.device)
            .index_add(2, target, taps.index_select(2, source), one);                                    // (B, C_out, L_out): overlap-add
        if (_config.RescaleOutput)
        {
            using Scalar links = (double)(_config.InChannels * k);
            y = y.div(links);                                                                            // average over a window's links
        }
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>Where every (input position l, kernel offset j) column <c>l·k + j</c> lands, for one input length.</summary>
    /// <exception cref="ArgumentException">The padding leaves no output position.</exception>
    internal Placement PlacementOf(int inputLength)
    {
        int outputLength = _config.OutputLength(inputLength);
        if (outputLength < 1)
        {
            throw new ArgumentException($"Input length {inputLength} with kernel {_config.KernelSize}, stride {_config.Stride} and padding {_config.Padding} leaves no output position.");
        }
        int k = _config.KernelSize;
        var sources = new List<long>();
        var targets = new List<long>();
        for (int l = 0; l < inputLength; l++)
        {
            for (int j = 0; j < k; j++)
            {
                int position = l * _config.Stride + j - _config.Padding;
                if (position >= 0 && position < outputLength)
                {
                    sources.Add((long)l * k + j);
                    targets.Add(position);
                }
            }
        }
        return new Placement(outputLength, [.. sources], [.. targets]);
    }

    /// <summary>The output length and, for every column <c>l·k + j</c> not cropped by the padding, its output
    /// position.</summary>
    internal sealed record Placement(int Length, long[] Sources, long[] Targets);
}
