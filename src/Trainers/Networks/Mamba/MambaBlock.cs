using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A residual Mamba block, <c>y = x + mixer(RMSNorm(x))</c>, where the mixer is the selective state-space layer
/// (Gu and Dao 2023, as in the original's minimal Mamba, seed-study §2.4):
/// <code>
/// [u₀, g] = in(x̂)                     branch and gate, (B, T, D) each
/// u = SiLU(causal depthwise conv(u₀))  kernel K, each position sees itself and the K - 1 before it
/// [δ, B, C] = selection(u)             (B, T, R), (B, T, N), (B, T, N)
/// Δ = softplus(delta(δ))               (B, T, D)
/// hₜ = exp(Δₜ A) ⊙ hₜ₋₁ + Δₜ Bₜ uₜ      A = -exp(A_log), (D, N); the scan over t
/// yₜ = hₜ Cₜ + D ⊙ uₜ                   (B, T, D)
/// mixer = out(y ⊙ SiLU(g))             (B, T, W)
/// </code>
/// The four projections (in, selection, delta, out) are whatever modules the network type gives (linear layers,
/// or high-order ones). <see cref="Run"/> also reads and writes a <see cref="MambaState"/>: the convolution starts
/// from the state's last K - 1 inputs instead of zeros and the scan from its state, so reading a text in pieces
/// gives the same result as reading it at once.
/// </summary>
public sealed class MambaBlock : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar SoftplusThreshold = 20.0;

    private readonly RmsNormalization _norm;
    private readonly nn.Module<Tensor, Tensor> _inProjection;
    private readonly nn.Module<Tensor, Tensor> _selectionProjection;
    private readonly nn.Module<Tensor, Tensor> _deltaProjection;
    private readonly nn.Module<Tensor, Tensor> _outProjection;
    private readonly int _width;
    private readonly int _innerWidth;
    private readonly int _stateSize;
    private readonly int _deltaRank;
    private readonly int _kernel;

    /// <summary>Creates the block around its four projections; the convolution is drawn from
    /// <paramref name="generator"/>, A_log is log(1..N) in every channel and the skip D is 1.</summary>
    public MambaBlock(string name, MambaNetworkConfig config, nn.Module<Tensor, Tensor> inProjection, nn.Module<Tensor, Tensor> selectionProjection,
        nn.Module<Tensor, Tensor> deltaProjection, nn.Module<Tensor, Tensor> outProjection, Generator? generator)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        _width = config.Width;
        _innerWidth = config.InnerWidth;
        _stateSize = config.StateSize;
        _deltaRank = config.ResolvedDeltaRank;
        _kernel = config.ConvolutionKernel;
        _norm = new RmsNormalization("norm", _width);
        _inProjection = inProjection ?? throw new ArgumentNullException(nameof(inProjection));
        _selectionProjection = selectionProjection ?? throw new ArgumentNullException(nameof(selectionProjection));
        _deltaProjection = deltaProjection ?? throw new ArgumentNullException(nameof(deltaProjection));
        _outProjection = outProjection ?? throw new ArgumentNullException(nameof(outProjection));
        using (no_grad())
        {
            double bound = 1.0 / Math.Sqrt(_kernel);                                         // PyTorch's Conv1d default for fan-in K
            Tensor convolutionWeight = empty(_innerWidth, 1, _kernel).uniform_(-bound, bound, generator);
            Tensor convolutionBias = empty(_innerWidth).uniform_(-bound, bound, generator);
            Tensor logDecay = Range(1, _stateSize + 1, 1, ScalarType.Float32).log().repeat(_innerWidth, 1);       // (D, N)
            register_parameter("convolution_weight", new Parameter(convolutionWeight.DetachFromDisposeScope()));
            register_parameter("convolution_bias", new Parameter(convolutionBias.DetachFromDisposeScope()));
            register_parameter("log_decay", new Parameter(logDecay.DetachFromDisposeScope()));
            register_parameter("skip", new Parameter(ones(_innerWidth).DetachFromDisposeScope()));
        }
        register_module("norm", _norm);
        register_module("in_projection", _inProjection);
        register_module("selection_projection", _selectionProjection);
        register_module("delta_projection", _deltaProjection);
        register_module("out_projection", _outProjection);
    }

    /// <summary>The norm before the mixer.</summary>
    public RmsNormalization Norm => _norm;

    /// <summary>in: W -> 2D (branch, gate).</summary>
    public nn.Module<Tensor, Tensor> InProjection => _inProjection;

    /// <summary>selection: D -> R + 2N (δ, B, C).</summary>
    public nn.Module<Tensor, Tensor> SelectionProjection => _selectionProjection;

    /// <summary>delta: R -> D (before the softplus).</summary>
    public nn.Module<Tensor, Tensor> DeltaProjection => _deltaProjection;

    /// <summary>out: D -> W.</summary>
    public nn.Module<Tensor, Tensor> OutProjection => _outProjection;

    /// <summary>The depthwise convolution's kernels, (D, 1, K) (looked up by name: moving the module replaces it).</summary>
    public Parameter ConvolutionWeight => get_parameter("convolution_weight")!;

    /// <summary>The convolution's bias, (D).</summary>
    public Parameter ConvolutionBias => get_parameter("convolution_bias")!;

    /// <summary>A_log, (D, N): A = -exp(A_log).</summary>
    public Parameter LogDecay => get_parameter("log_decay")!;

    /// <summary>The skip D, (D).</summary>
    public Parameter Skip => get_parameter("skip")!;

    /// <summary>(B, T, W) -> (B, T, W), from a zero state.</summary>
    public override Tensor forward(Tensor input) => Run(input, state: null, block: 0);

    /// <summary>The block on new positions (B, S, W) after those in <paramref name="state"/> (zero when null),
    /// writing the state after them into block <paramref name="block"/> of <paramref name="state"/>.</summary>
    public Tensor Run(Tensor input, MambaState? state, int block)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        long positions = input.shape[1];
        Tensor[] branchAndGate = _inProjection.call(_norm.call(input)).split(_innerWidth, -1);   // 2 × (B, S, D)
        Tensor past = state?.ConvolutionInputs(block) ?? zeros([batch, _innerWidth, _kernel - 1], input.dtype, input.device);   // (B, D, K-1)
        Tensor sequence = cat([past, branchAndGate[0].transpose(1, 2)], 2);                     // (B, D, K-1+S)
        Tensor u = nn.functional.silu(CausalConvolution(sequence, positions).transpose(1, 2));   // (B, S, D)
        Tensor[] selection = _selectionProjection.call(u).split([_deltaRank, _stateSize, _stateSize], -1);   // (B, S, R), (B, S, N), (B, S, N)
        Tensor delta = Softplus(_deltaProjection.call(selection[0])).unsqueeze(-1);                 // (B, S, D, 1)
        Tensor a = -LogDecay.exp();                                                              // (D, N)
        Tensor decay = (delta * a).exp();                                                        // (B, S, D, N)
        Tensor drive = delta * selection[1].unsqueeze(2) * u.unsqueeze(-1);                     // (B, S, D, N)
        Tensor states = SelectiveScan.Run(decay, drive, state?.State(block));                // (B, S, D, N)
        Tensor y = states.mul(selection[2].unsqueeze(2)).sum(-1).add_(u * Skip, One);           // Σₙ h·C + u·skip: (B, S, D)
        Tensor mixed = _outProjection.call(y * nn.functional.silu(branchAndGate[1]));            // (B, S, W)
        state?.Update(block, sequence.narrow(2, positions, _kernel - 1), states.select(1, -1));
        return input.add(mixed, One).MoveToOuterDisposeScope();                                // input + mixed
    }

    // The depthwise convolution as K shifted multiply-adds, out[t] = bias + Σₖ w[k]·in[t + k] over the K - 1 earlier
    // inputs and the new ones: the same cross-correlation as conv1d with groups = D, whose CPU backward for
    // depthwise kernels is far slower than these K elementwise operations.
    private Tensor CausalConvolution(Tensor sequence, long positions)
    {
        Tensor weight = ConvolutionWeight.squeeze(1);                                            // (D, K)
        Tensor y = (sequence.narrow(2, 0, positions) * weight.narrow(1, 0, 1)).add_(ConvolutionBias.unsqueeze(-1), One);   // (B, D, S)
        for (int k = 1; k < _kernel; k++)
        {
            y = y.add(sequence.narrow(2, k, positions) * weight.narrow(1, k, 1), One);           // (B, D, S)
        }
        return y;
    }

    // softplus(x) = log(1 + eˣ), and x itself above 20, where the two agree in float32 (PyTorch's threshold). Written
    // out because TorchSharp's softplus makes Scalars that nothing holds during the call (see HeldScalars).
    private static Tensor Softplus(Tensor x) =>
        where(x.gt(SoftplusThreshold), x, x.clamp_max(SoftplusThreshold).exp().log1p());
}
