using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>A fully connected high-order ("KAN-like") layer: every link (input i, output o) is a learnable 1-D
/// function <c>f_oi</c>, and output o is the plain sum <c>y_o = sum_i f_oi(x_i)</c> (no bias: a link's constant part is
/// the bias), or with <see cref="LinkCombination.Product"/> the product <c>prod_i (1 + f_oi) - 1</c>
/// (<see cref="ProductCombination"/>).</summary>
/// <remarks>
/// <para><b>Formula</b> (seed-study §1.3–1.5). For an input <c>x</c> (after <see cref="HighOrderLayerConfig.Range"/>):
/// active segment <c>k = clamp(floor((x+1)S/2), 0, S-1)</c>; local coordinate <c>t = S(x+1) - 2k - 1</c>; basis
/// <c>phi_j = l_j(t)</c>, the Lagrange basis on Chebyshev–Lobatto nodes (<see cref="LagrangeBasis"/>);
/// <c>f_oi(x) = sum_j phi_j · W[i, k·stride + j, o]</c> with stride <c>n-1</c> (continuous: shared boundary node) or
/// <c>n</c> (discontinuous). Polynomial links use one segment and <c>t = x</c>; Fourier links use
/// <see cref="FourierBasis"/> with all <c>K = n</c> weights active.</para>
/// <para><b>Batched reformulation.</b> The original gathers a (B, in, out, n) tensor of active weights per layer.
/// Here the segment, <c>t</c> and the n basis values of every input are computed once, (B, in, n), together with the
/// rows <c>r = i·K + k·stride + j</c> of the weight viewed as (in·K, out). Then either
/// <see cref="PiecewiseAlgorithm.ExpandedMatmul"/> scatters the basis values into a zero (B, in·K) matrix (n non-zeros
/// per input) and does one dense matmul, or <see cref="PiecewiseAlgorithm.GatherActive"/> contracts only the active
/// rows (cost independent of K). Only the n active weights of a link get a gradient from a sample; the input gets its
/// gradient through <c>t</c>.</para>
/// <para><b>Device.</b> Every index and node tensor is created on the input's device and dtype, so the layer runs on
/// CUDA (the original builds its bases on the CPU and fails there) and in float64.</para>
/// <para><b>Usage.</b> <c>new HighOrderLayer("input", new HighOrderLayerConfig { InFeatures = 16, OutFeatures = 250,
/// Segments = 128 })</c>, then <c>layer.call(x)</c> with x of shape (B, 16).</para>
/// </remarks>
public sealed class HighOrderLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    private readonly HighOrderLayerConfig _config;
    private readonly PiecewiseAlgorithm _algorithm;
    private readonly PiecewiseLinks? _fusedLinks; // null where the fused loops do not apply or are not asked for

    /// <summary>Creates the layer and draws its weights.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="config">Shape and options; validated here.</param>
    /// <param name="generator">Random generator for the initialisation; the global one when null.</param>
    /// <exception cref="ArgumentException">The configuration is invalid (every bad field is named).</exception>
    public HighOrderLayer(string name, HighOrderLayerConfig config, Generator? generator = null)
        : this(name, config, LayerInitializer.Create(Validated(config), generator), copyWeight: false)
    {
    }

    /// <summary>Creates the layer with a copy of the given initial weight [in, K, out] (used by refinement).</summary>
    internal HighOrderLayer(string name, HighOrderLayerConfig config, Tensor initialWeight)
        : this(name, Validated(config), initialWeight, copyWeight: true)
    {
    }

    private HighOrderLayer(string name, HighOrderLayerConfig config, Tensor initialWeight, bool copyWeight)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(initialWeight);
        long[] expected = [config.InFeatures, config.WeightsPerLink, config.OutFeatures];
        if (!initialWeight.shape.SequenceEqual(expected))
        {
            throw new ArgumentException($"Initial weight has shape [{string.Join(", ", initialWeight.shape)}], expected [{string.Join(", ", expected)}].", nameof(initialWeight));
        }
        _config = config;
        _algorithm = config.ResolvedAlgorithm;
        _fusedLinks = config.PrefersFused ? PiecewiseLinks.TryCreate(config) : null;
        using (no_grad())
        {
            _weight = new Parameter(copyWeight ? initialWeight.detach().clone() : initialWeight);
            _weight.DetachFromDisposeScope(); // the module owns its weight, whatever scope built it
        }
        RegisterComponents();
    }

    /// <summary>The weights, shape [in, K, out]: <c>Weight[i, q, o]</c> is coefficient q of link (i, o) (for Lagrange
    /// links, the link's value at its q-th node, see <see cref="LinkGrid.NodePositions"/>). State-dict key
    /// <c>weight</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>The configuration the layer was built with.</summary>
    public HighOrderLayerConfig Config => _config;

    /// <summary>The tensor contraction used where the fused loops do not run (<see cref="HighOrderLayerConfig.ResolvedAlgorithm"/>).</summary>
    public PiecewiseAlgorithm Algorithm => _algorithm;

    /// <summary>Evaluates the layer.</summary>
    /// <param name="input">(B, in), or (..., in) with any leading dimensions; the layer's dtype, any device.</param>
    /// <returns>(B, out), or (..., out).</returns>
    public override Tensor forward(Tensor input) => Forward(input, linkMask: null);

    /// <summary>Evaluates the layer with some links switched off: link i of row r contributes nothing where
    /// <c>linkMask[r mod P, i]</c> is 0 (its basis values are multiplied by the mask). Used by
    /// <see cref="HighOrderConvolution1d"/> for padded kernel taps, which contribute zero as in the original's
    /// expand-then-convolve (a padded position has no basis values), not <c>f(0)</c>.</summary>
    /// <param name="input">(..., in); the rows (all leading dimensions flattened) must be a multiple of P.</param>
    /// <param name="linkMask">(P, in) of 0 and 1, or null for none.</param>
    /// <returns>(..., out).</returns>
    internal Tensor Forward(Tensor input, Tensor? linkMask)
    {
        ArgumentNullException.ThrowIfNull(input);
        int inputs = _config.InFeatures;
        if (input.dim() < 1 || input.shape[^1] != inputs)
        {
            throw new ArgumentException($"Expected input of shape (B, {inputs}), got ({string.Join(", ", input.shape)}).", nameof(input));
        }
        using var scope = NewDisposeScope();
        long[] leading = input.shape[..^1];
        Tensor x = InputRange.Apply(input.reshape(-1, inputs), _config.Range); // (B, in)
        if (linkMask is null && _fusedLinks is not null && FusedPiecewiseContraction.Covers(x, _weight))
        {
            Tensor fused = FusedPiecewiseContraction.Contract(_fusedLinks, x, _weight);   // (B, out)
            return fused.reshape([.. leading, _config.OutFeatures]).MoveToOuterDisposeScope();
        }
        long batch = x.shape[0];
        (Tensor firstWeight, Tensor basis) = ActiveBasis(x);                   // (B, in), (B, in, n)
        if (linkMask is not null)
        {
            Tensor mask = linkMask.to(basis.dtype, basis.device).view(linkMask.shape[0], inputs, 1); // (P, in, 1)
            basis = basis.view(-1, linkMask.shape[0], inputs, _config.Nodes).mul(mask).view(batch, inputs, _config.Nodes); // (B, in, n)
        }
        Tensor rows = ActiveRows(firstWeight);                                 // (B, in·n)
        Tensor y = _config.Combination == LinkCombination.Product
            ? ProductCombination.Combine(LinkValues(rows, basis), _config.ProductAlpha) // (B, out)
            : Contract(rows, basis.reshape(batch, -1));                        // (B, out)
        return y.reshape([.. leading, _config.OutFeatures]).MoveToOuterDisposeScope();
    }

    /// <summary>First active weight per input and the n basis values: segment → local t → basis.</summary>
    private (Tensor FirstWeight, Tensor Basis) ActiveBasis(Tensor x)
    {
        (Tensor firstWeight, Tensor t) = LinkGrid.Locate(x, _config);        // (B, in), (B, in)
        Tensor basis = _config.Kind == LinkKind.Fourier
            ? FourierBasis.Evaluate(t, _config.Nodes)                          // (B, in, n)
            : LagrangeBasis.Evaluate(t, _config.Nodes);                        // (B, in, n)
        return (firstWeight, basis);
    }

    /// <summary>Rows <c>i·K + first + j</c> of the weight viewed as (in·K, out).</summary>
    private Tensor ActiveRows(Tensor firstWeight)
    {
        long batch = firstWeight.shape[0];
        int n = _config.Nodes;
        using Scalar weightsPerLink = (long)_config.WeightsPerLink;
        Tensor linkStart = Range(firstWeight.shape[1], firstWeight.device).mul_(weightsPerLink);  // (in)
        Tensor node = Range(n, firstWeight.device);                                              // (n)
        Tensor rows = firstWeight.add(linkStart, One).unsqueeze(-1).add(node, One);              // (B, in, n)
        return rows.view(batch, -1);                                                             // (B, in·n)
    }

    /// <summary>The formulation used on a device: <see cref="PiecewiseAlgorithm.Auto"/> always expands on a GPU,
    /// where the dense product is cheap and the sparse one was twice as slow per training step.</summary>
    private PiecewiseAlgorithm AlgorithmOn(DeviceType device) =>
        _config.Algorithm == PiecewiseAlgorithm.Auto && device != DeviceType.CPU ? PiecewiseAlgorithm.ExpandedMatmul : _algorithm;

    /// <summary>y[b] = sum_r basis[b, r] · W2[rows[b, r]] with W2 the weight viewed as (in·K, out).</summary>
    private Tensor Contract(Tensor rows, Tensor basis)
    {
        Tensor weight = _weight.view(-1, _config.OutFeatures);                                   // (in·K, out)
        if (AlgorithmOn(weight.device_type) == PiecewiseAlgorithm.GatherActive)
        {
            return ActiveRowContraction.Contract(rows, basis, weight);                           // (B, out)
        }
        return Expanded(rows, basis).mm(weight);                                                  // (B, out)
    }

    /// <summary>Every link value <c>f_oi(x_i) = sum_j basis[b, i, j] · W[i, first + j, o]</c>, uncontracted over the
    /// inputs (for <see cref="LinkCombination.Product"/>): with <see cref="PiecewiseAlgorithm.GatherActive"/> the n active
    /// weight rows of each input are gathered, (B, in, n, out); otherwise the expanded (B, in, K) basis is multiplied
    /// by each input's (K, out) weight block, one batched matmul over the inputs.</summary>
    /// <param name="rows">(B, in·n) active rows of the weight viewed as (in·K, out).</param>
    /// <param name="basis">(B, in, n) basis values.</param>
    /// <returns>(B, in, out).</returns>
    private Tensor LinkValues(Tensor rows, Tensor basis)
    {
        long batch = basis.shape[0];
        int inputs = _config.InFeatures, n = _config.Nodes, outputs = _config.OutFeatures;
        if (AlgorithmOn(_weight.device_type) == PiecewiseAlgorithm.GatherActive)
        {
            Tensor active = _weight.view(-1, outputs).index_select(0, rows.view(-1)).view(batch, inputs, n, outputs); // (B, in, n, out)
            return basis.unsqueeze(2).matmul(active).squeeze(2);                                                     // (B, in, out)
        }
        Tensor expanded = Expanded(rows, basis.reshape(batch, -1)).view(batch, inputs, -1);                          // (B, in, K)
        return expanded.transpose(0, 1).bmm(_weight).transpose(0, 1);                                                // (in, B, K)·(in, K, out) -> (B, in, out)
    }

    /// <summary>The basis values scattered into a zero (B, in·K) matrix at their rows (n non-zeros per input), or the
    /// basis itself when every weight is active; in = basis width / n.</summary>
    private Tensor Expanded(Tensor rows, Tensor basis) => _config.Nodes == _config.WeightsPerLink
        ? basis                                                                                   // (B, in·K): every weight active
        : zeros([basis.shape[0], basis.shape[1] / _config.Nodes * _config.WeightsPerLink], dtype: basis.dtype, device: basis.device)
            .scatter_(1, rows, basis);                                                            // (B, in·K), n non-zeros per input

    /// <summary>Every value's K basis values under this layer's links (range, segments, nodes, kind), the dense
    /// expansion that <see cref="PiecewiseAlgorithm.ExpandedMatmul"/> multiplies with the weight: column
    /// <c>i·K + q</c> is the basis value of weight q for value i. The width m need not be the layer's input count
    /// (<see cref="HighOrderConvolution1d"/> expands each input position once and convolves).</summary>
    /// <param name="values">(N, m).</param>
    /// <returns>(N, m·K).</returns>
    internal Tensor ExpandedBasis(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = NewDisposeScope();
        Tensor x = InputRange.Apply(values, _config.Range);                    // (N, m)
        (Tensor firstWeight, Tensor basis) = ActiveBasis(x);                   // (N, m), (N, m, n)
        return Expanded(ActiveRows(firstWeight), basis.reshape(x.shape[0], -1)).MoveToOuterDisposeScope(); // (N, m·K)
    }

    private static HighOrderLayerConfig Validated(HighOrderLayerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config;
    }
}
