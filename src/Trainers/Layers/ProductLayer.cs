using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The multiplicative layer (the original's <c>product</c> layer, <c>ProductLayer.py</c>): every link is the
/// line <c>w_oi x_i</c> through the origin and each output multiplies them,
/// <c>y_o = prod_i (1 + w_oi x_i) - 1 + (1 - alpha) sum_i w_oi x_i + bias_o</c>.</summary>
/// <remarks>
/// <para>The combination is <see cref="ProductCombination"/>, the same node as the <c>*_prod</c> links, with the
/// original's sign inconsistency resolved to <b>+</b> (see there why). Expanded, an output is a multilinear polynomial
/// of its inputs: the linear layer <c>W x + b</c> plus every product of distinct inputs.</para>
/// <para>Initialisation as the original (PyTorch's <c>Linear</c> default): weights and bias from
/// <c>U(-1/sqrt(in), 1/sqrt(in))</c>, drawn with the given generator. There is no segment lookup, so the range policy of
/// the high-order layers does not apply: inputs of any size are used as they are.</para>
/// </remarks>
public sealed class ProductLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;
    [ComponentName(Name = "bias")]
    private readonly Parameter? _bias;
    private readonly ProductLayerConfig _config;

    /// <summary>Creates the layer and draws its weights.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="config">Shape and options; validated here.</param>
    /// <param name="generator">Random generator for the initialisation; the global one when null.</param>
    /// <exception cref="ArgumentException">The configuration is invalid (every bad field is named).</exception>
    public ProductLayer(string name, ProductLayerConfig config, Generator? generator = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        double bound = 1.0 / Math.Sqrt(config.InFeatures);
        using (no_grad())
        {
            _weight = new Parameter(LayerInitializer.SymmetricUniform([config.OutFeatures, config.InFeatures], bound, generator));
            _weight.DetachFromDisposeScope();
            if (config.Bias)
            {
                _bias = new Parameter(LayerInitializer.SymmetricUniform([config.OutFeatures], bound, generator));
                _bias.DetachFromDisposeScope();
            }
        }
        RegisterComponents();
    }

    /// <summary>The weights, shape [out, in] (state-dict key <c>weight</c>).</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, shape [out] (state-dict key <c>bias</c>), or null without one.</summary>
    public Parameter? Bias => _bias;

    /// <summary>The configuration the layer was built with.</summary>
    public ProductLayerConfig Config => _config;

    /// <summary>Evaluates the layer.</summary>
    /// <param name="input">(B, in), or (..., in).</param>
    /// <returns>(B, out), or (..., out).</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() < 1 || input.shape[^1] != _config.InFeatures)
        {
            throw new ArgumentException($"Expected input of shape (B, {_config.InFeatures}), got ({string.Join(", ", input.shape)}).", nameof(input));
        }
        using var scope = NewDisposeScope();
        long[] leading = input.shape[..^1];
        Tensor x = input.reshape(-1, _config.InFeatures);                        // (B, in)
        Tensor links = x.unsqueeze(-1) * _weight.t();                             // f_oi = w_oi x_i: (B, in, out)
        Tensor y = ProductCombination.Combine(links, _config.Alpha);              // (B, out)
        if (_bias is not null)
        {
            using Scalar one = 1.0; // held for the native call
            y = y.add(_bias, one);
        }
        return y.reshape([.. leading, _config.OutFeatures]).MoveToOuterDisposeScope();
    }

}
