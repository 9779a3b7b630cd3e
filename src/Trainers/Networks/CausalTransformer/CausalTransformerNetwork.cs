using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// A causal transformer over character ids: <c>h₀ = tokens(ids) + P[0..T)</c>, <c>hᵦ = blockᵦ(hᵦ₋₁)</c>,
/// <c>logits = head(norm(h))</c> at every position, (B, T) -> (B, T, V). Position t sees characters 0..t only,
/// so logits[:, t] predict the character after position t and the network trains on every position.
/// </summary>
/// <remarks>
/// <para><b>Positions</b> are a table P (T, W) added to the token embedding: learned (the default, as in nanoGPT's
/// character model) or the fixed sinusoidal one (<see cref="PositionEncoding"/>). The window has a fixed length T
/// (the ONNX window graph is fixed-size anyway), so a learned table costs T·W parameters and nothing at run time;
/// generation restarts positions at 0 whenever it rebuilds its cache (<c>CachedTorchScorer</c>), so no relative
/// encoding is needed for decoding either. docs/networks/causal-transformers.md has the measurement.</para>
/// <para><b>Fixes of the original</b> (seed-study §2.4, §6 item 5): attention runs over positions with a
/// (B, heads, T, d) layout and a causal mask; positions are indexed by position, not by the sample's place in
/// the batch; no mean over positions; the logits are raw (no output normalisation).</para>
/// </remarks>
public abstract class CausalTransformerNetwork : LanguageNetwork, IIncrementalNetwork
{
    private readonly nn.Module<Tensor, Tensor> _tokens;
    private readonly ModuleList<TransformerBlock> _blocks;
    private readonly LayerNormalization _finalNorm;
    private readonly Linear _head;

    /// <summary>Assembles the network; the position table and head are drawn from <paramref name="generator"/>
    /// after the parts the variant built.</summary>
    protected CausalTransformerNetwork(string name, CausalTransformerConfig config, nn.Module<Tensor, Tensor> tokens, IEnumerable<TransformerBlock> blocks, Generator? generator)
        : base(name, config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(blocks);
        _tokens = tokens;
        _blocks = nn.ModuleList([.. blocks]);
        Tensor? positions = null;
        if (config.Positions == PositionEncoding.Learned)
        {
            positions = empty(config.TokenCount, config.Width);
            using (no_grad())
            {
                positions.normal_(0, CausalTransformerDefaults.EmbeddingStandardDeviation, generator);
            }
        }
        _finalNorm = new LayerNormalization("final_norm", config.Width);
        _head = LowOrderMlp.CreateLinear(config.Width, config.VocabularySize, generator);
        register_module("tokens", _tokens);
        switch (config.Positions)
        {
            case PositionEncoding.Learned:
                register_parameter("positions", new Parameter(positions!.DetachFromDisposeScope()));
                break;
            case PositionEncoding.Sinusoidal:
                register_buffer("positions", SinusoidalTable(config.TokenCount, config.Width).DetachFromDisposeScope(), persistent: false);
                break;
            case PositionEncoding.Rotary:
                (float[] cos, float[] sin) = RotaryAngles.Tables(config.TokenCount, config.HeadWidth);
                register_buffer("rotary_cos", tensor(cos, [config.TokenCount, config.HeadWidth]).DetachFromDisposeScope(), persistent: false);
                register_buffer("rotary_sin", tensor(sin, [config.TokenCount, config.HeadWidth]).DetachFromDisposeScope(), persistent: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.Positions, "Unknown position encoding.");
        }
        register_module("blocks", _blocks);
        register_module("final_norm", _finalNorm);
        register_module("head", _head);
    }

    /// <inheritdoc />
    public override NetworkOutput Output => NetworkOutput.EveryPosition;

    /// <summary>The configuration as a transformer's.</summary>
    public CausalTransformerConfig TransformerConfig => (CausalTransformerConfig)Config;

    /// <summary>The token embedding: ids (B, T) -> (B, T, W).</summary>
    public nn.Module<Tensor, Tensor> Tokens => _tokens;

    /// <summary>The position table (T, W) added to the tokens: learned, or the fixed sinusoidal buffer; null for
    /// rotary positions (looked up by name: moving the network replaces it).</summary>
    public Tensor? Positions => (Tensor?)get_parameter("positions") ?? get_buffer("positions");

    /// <summary>The rotary cos and sin tables (T, d) for every position, or null unless positions are rotary.</summary>
    public RotaryAngles? RotaryTables => get_buffer("rotary_cos") is Tensor cos ? new RotaryAngles(cos, get_buffer("rotary_sin")!) : null;

    // The rotary angles of positions start..start+count-1 (null without rotary positions).
    private RotaryAngles? Rotation(long start, long count) => RotaryTables is RotaryAngles all
        ? new RotaryAngles(all.Cos.narrow(0, start, count), all.Sin.narrow(0, start, count))
        : null;

    // Adds the position table of positions start.. to the tokens (B, S, W), when the positions are a table.
    private Tensor WithPositions(Tensor tokens, long start) =>
        Positions is Tensor table ? tokens.add(table.narrow(0, start, tokens.shape[1]), One) : tokens;

    /// <summary>The fixed sinusoidal table (T, W): P[t, 2i] = sin(t·ωᵢ), P[t, 2i+1] = cos(t·ωᵢ), ωᵢ = 10000^(-2i/W).</summary>
    public static Tensor SinusoidalTable(int positions, int width)
    {
        var table = new float[positions * width];
        for (int t = 0; t < positions; t++)
        {
            for (int j = 0; j < width; j++)
            {
                double frequency = Math.Pow(10_000, -(j - j % 2) / (double)width);
                table[t * width + j] = (float)(j % 2 == 0 ? Math.Sin(t * frequency) : Math.Cos(t * frequency));
            }
        }
        return tensor(table, [positions, width]);
    }

    /// <summary>The blocks in call order.</summary>
    public IReadOnlyList<TransformerBlock> Blocks => [.. _blocks];

    /// <summary>The norm before the head.</summary>
    public LayerNormalization FinalNorm => _finalNorm;

    /// <summary>The head, Linear(W -> V).</summary>
    public Linear Head => _head;

    /// <summary>A new, empty cache for <see cref="Decode"/>, holding up to the window size positions.</summary>
    public KeyValueCache NewCache() => new(_blocks.Count, Config.WindowSize);

    /// <inheritdoc />
    public bool CanDecodeIncrementally => TransformerConfig.CharactersPerToken == 1;

    /// <inheritdoc />
    public IDecodingState NewState() => NewCache();

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The state is not this network's key/value cache.</exception>
    Tensor IIncrementalNetwork.Decode(Tensor ids, IDecodingState state) => state is KeyValueCache cache
        ? Decode(ids, cache)
        : throw new ArgumentException($"A {Config.NetworkType} decodes with a key/value cache, got {state?.GetType().Name ?? "null"}.", nameof(state));

    /// <inheritdoc />
    public ModelProto ExportStep(IReadOnlyDictionary<string, string>? metadata = null) => CausalTransformerStepOnnx.Export(this, metadata);

    /// <summary>Ids (B, T') with T' at most the window size -> logits (B, T', V).</summary>
    public override Tensor forward(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        CheckLength(ids, 0);
        using var scope = NewDisposeScope();
        Tensor h = WithPositions(_tokens.call(ids), 0);                                   // (B, T/c, W)
        RotaryAngles? rotation = Rotation(0, h.shape[1]);
        foreach (TransformerBlock block in _blocks)
        {
            h = block.Decode(h, cache: null, block: 0, rotation);                         // (B, T/c, W)
        }
        return _head.call(_finalNorm.call(h)).MoveToOuterDisposeScope();                  // (B, T/c, V)
    }

    /// <summary>
    /// Reads new characters after those in <paramref name="cache"/> and returns their logits (B, S, V), adding
    /// their keys and values to the cache: an empty cache reads any S up to its capacity at once (a prefill, the
    /// same computation as <see cref="forward"/>); a non-empty one reads one character (S = 1) at position
    /// <c>cache.Length</c>, at the cost of one position.
    /// </summary>
    /// <exception cref="ArgumentException">S is not 1 after a prefill, or the cache has no room.</exception>
    public Tensor Decode(Tensor ids, KeyValueCache cache)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(cache);
        if (!CanDecodeIncrementally)
        {
            throw new NotSupportedException($"A {Config.NetworkType} with {TransformerConfig.CharactersPerToken} characters per token cannot decode one character at a time: a new character changes every token. Recompute the window.");
        }
        if (cache.Length > 0 && ids.shape[1] != 1)
        {
            throw new ArgumentException($"After the first call a cache reads one character at a time, got {ids.shape[1]}.", nameof(ids));
        }
        CheckLength(ids, cache.Length);
        using var scope = NewDisposeScope();
        Tensor h = WithPositions(_tokens.call(ids), cache.Length);                        // (B, S, W)
        RotaryAngles? rotation = Rotation(cache.Length, ids.shape[1]);
        for (int block = 0; block < _blocks.Count; block++)
        {
            h = _blocks[block].Decode(h, cache, block, rotation);                         // (B, S, W)
        }
        cache.Advance((int)ids.shape[1]);
        return _head.call(_finalNorm.call(h)).MoveToOuterDisposeScope();                  // (B, S, V)
    }

    private void CheckLength(Tensor ids, int start)
    {
        if (ids.dim() != 2 || ids.shape[1] < 1 || start + ids.shape[1] > Config.WindowSize || ids.shape[1] % TransformerConfig.CharactersPerToken != 0)
        {
            throw new ArgumentException(
                $"A {Config.NetworkType} with a {Config.WindowSize}-character context cannot read ids of shape ({string.Join(", ", ids.shape)}) after {start} positions.", nameof(ids));
        }
    }
}
