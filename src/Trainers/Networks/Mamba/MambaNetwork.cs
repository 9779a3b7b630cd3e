using LanguageInterpolation.Common.Onnx.Proto;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A Mamba language network over character ids: <c>h₀ = E[ids]</c>, <c>hᵦ = blockᵦ(hᵦ₋₁)</c> (residual
/// <see cref="MambaBlock"/>s), <c>logits = RMSNorm(h) Eᵀ</c> with the same table E as the embedding (tied), at every
/// position: (B, T) -> (B, T, V). Trained on every position like the causal transformers.
/// </summary>
/// <remarks>
/// <para><b>Generation with state</b>: <see cref="NewState"/> and <see cref="Decode"/> read a text in pieces (a whole
/// prompt at once, then one character per call), carrying each block's last K - 1 convolution inputs and its (D, N)
/// state; a character costs one position whatever the context length, and the logits are those of
/// <see cref="forward"/> on the whole text.</para>
/// <para><b>Fixes of the original</b> (seed-study §2.4, §6 item 11): the scan is chunked (<see cref="SelectiveScan"/>)
/// instead of a Python loop over time, and generation carries the state instead of recomputing the window.</para>
/// </remarks>
public abstract class MambaNetwork : LanguageNetwork, IIncrementalNetwork
{
    private readonly ModuleList<MambaBlock> _blocks;
    private readonly RmsNormalization _finalNorm;

    /// <summary>Assembles the network; the table is drawn from <paramref name="generator"/> after the blocks the
    /// variant built.</summary>
    protected MambaNetwork(string name, MambaNetworkConfig config, IEnumerable<MambaBlock> blocks, Generator? generator)
        : base(name, config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(blocks);
        _blocks = nn.ModuleList([.. blocks]);
        Tensor table = empty(config.VocabularySize, config.Width);
        using (no_grad())
        {
            table.normal_(0, MambaDefaults.EmbeddingStandardDeviation, generator);
        }
        _finalNorm = new RmsNormalization("final_norm", config.Width);
        register_parameter("embedding", new Parameter(table.DetachFromDisposeScope()));
        register_module("blocks", _blocks);
        register_module("final_norm", _finalNorm);
    }

    /// <inheritdoc />
    public override NetworkOutput Output => NetworkOutput.EveryPosition;

    /// <summary>The configuration as a Mamba network's.</summary>
    public MambaNetworkConfig MambaConfig => (MambaNetworkConfig)Config;

    /// <summary>The tied table E (V, W): embedding and head (looked up by name: moving the network replaces it).</summary>
    public Parameter Embedding => get_parameter("embedding")!;

    /// <summary>The blocks in call order.</summary>
    public IReadOnlyList<MambaBlock> Blocks => [.. _blocks];

    /// <summary>The norm before the head.</summary>
    public RmsNormalization FinalNorm => _finalNorm;

    /// <summary>A new state before any character, for <paramref name="batch"/> texts, on the network's device.</summary>
    public MambaState NewState(long batch = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        MambaNetworkConfig config = MambaConfig;
        return new MambaState(_blocks.Count, batch, config.InnerWidth, config.ConvolutionKernel, config.StateSize, config.WindowSize, Embedding.device, Embedding.dtype);
    }

    /// <inheritdoc />
    public bool CanDecodeIncrementally => true;

    /// <inheritdoc />
    IDecodingState IIncrementalNetwork.NewState() => NewState();

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The state is not a Mamba state.</exception>
    Tensor IIncrementalNetwork.Decode(Tensor ids, IDecodingState state) => state is MambaState mamba
        ? Decode(ids, mamba)
        : throw new ArgumentException($"A {Config.NetworkType} decodes with a MambaState, got {state?.GetType().Name ?? "null"}.", nameof(state));

    /// <inheritdoc />
    public ModelProto ExportStep(IReadOnlyDictionary<string, string>? metadata = null) => MambaStepOnnx.Export(this, metadata);

    /// <summary>Ids (B, T) -> logits (B, T, V), from the zero state.</summary>
    public override Tensor forward(Tensor ids) => Run(ids, state: null);

    /// <summary>
    /// Reads the characters <paramref name="ids"/> (B, S) after those <paramref name="state"/> has read and returns
    /// their logits (B, S, V), advancing the state: S = 1 is a generation step (one position of work); any S reads
    /// a prompt at once through the chunked scan.
    /// </summary>
    /// <exception cref="ArgumentException">The ids are not (B, S) with B the state's batch.</exception>
    public Tensor Decode(Tensor ids, MambaState state)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Blocks != _blocks.Count || (ids.dim() == 2 && ids.shape[0] != state.State(0).shape[0]))
        {
            throw new ArgumentException($"The state holds {state.State(0).shape[0]} texts for {state.Blocks} blocks; got ids of shape ({string.Join(", ", ids.shape)}) for a {_blocks.Count}-block network.", nameof(state));
        }
        Tensor logits = Run(ids, state);
        state.Advance((int)ids.shape[1]);
        return logits;
    }

    private Tensor Run(Tensor ids, MambaState? state)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2 || ids.shape[1] < 1)
        {
            throw new ArgumentException($"A {Config.NetworkType} reads ids of shape (B, T) with T >= 1, got ({string.Join(", ", ids.shape)}).", nameof(ids));
        }
        using var scope = NewDisposeScope();
        Tensor table = Embedding;
        Tensor h = table.index_select(0, ids.reshape(-1)).reshape(ids.shape[0], ids.shape[1], -1);   // (B, T, W)
        for (int block = 0; block < _blocks.Count; block++)
        {
            h = _blocks[block].Run(h, state, block);                                              // (B, T, W)
        }
        return _finalNorm.call(h).matmul(table.t()).MoveToOuterDisposeScope();                    // (B, T, V)
    }
}
