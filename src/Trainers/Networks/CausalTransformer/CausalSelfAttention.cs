using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Multi-head causal self-attention over positions: <c>q, k, v = Q(x), K(x), V(x)</c> split into heads
/// (B, heads, T, d), <c>y = softmax(q kᵀ / √d + causal mask) v</c>, heads merged, then a linear output
/// projection. Q, K and V are any width-preserving modules (Linear for the low-order transformers,
/// <see cref="Layers.HighOrderLayer"/> for the high-order one). Uses TorchSharp's fused
/// <c>scaled_dot_product_attention</c> with <c>is_causal</c>.
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _query;
    private readonly nn.Module<Tensor, Tensor> _key;
    private readonly nn.Module<Tensor, Tensor> _value;
    private readonly Linear _output;

    /// <summary>Creates the attention from its projections.</summary>
    public CausalSelfAttention(string name, int heads, nn.Module<Tensor, Tensor> query, nn.Module<Tensor, Tensor> key, nn.Module<Tensor, Tensor> value, Linear output)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        Heads = heads;
        _query = query;
        _key = key;
        _value = value;
        _output = output;
        RegisterComponents();
    }

    /// <summary>Number of heads.</summary>
    public int Heads { get; }

    /// <summary>The query projection.</summary>
    public nn.Module<Tensor, Tensor> Query => _query;

    /// <summary>The key projection.</summary>
    public nn.Module<Tensor, Tensor> Key => _key;

    /// <summary>The value projection.</summary>
    public nn.Module<Tensor, Tensor> Value => _value;

    /// <summary>The output projection.</summary>
    public Linear Output => _output;

    /// <summary>(B, T, W) -> (B, T, W), each position attending to itself and the positions before it.</summary>
    public override Tensor forward(Tensor input) => Attend(input, cache: null, block: 0, rotation: null);

    /// <summary>
    /// Attends from the new positions <paramref name="input"/> (B, S, W). Without a cache (or with an empty one,
    /// which then receives the keys and values) the S positions attend causally among themselves; with a cache
    /// holding L positions, S must be 1 and the new position attends to all L + 1.
    /// </summary>
    /// <param name="input">The new positions (B, S, W).</param>
    /// <param name="cache">The key/value cache, or null.</param>
    /// <param name="block">The block's index in the cache.</param>
    /// <param name="rotation">The new positions' rotary angles (queries and keys are rotated before the cache keeps
    /// the keys), or null for networks whose positions are added to the tokens.</param>
    public Tensor Attend(Tensor input, KeyValueCache? cache, int block, RotaryAngles? rotation)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        long positions = input.shape[1];
        Tensor q = SplitHeads(_query.call(input));                                         // (B, H, S, d)
        Tensor k = SplitHeads(_key.call(input));                                           // (B, H, S, d)
        Tensor v = SplitHeads(_value.call(input));                                         // (B, H, S, d)
        if (rotation is not null)
        {
            (q, k) = (rotation.Rotate(q), rotation.Rotate(k));                             // (B, H, S, d)
        }
        bool causal = true;
        if (cache is not null)
        {
            causal = cache.Length == 0;                                                    // a step sees every cached position
            (k, v) = cache.Append(block, k, v);                                            // (B, H, L + S, d)
        }
        // Positional: TorchSharp 0.107 spells the parameter is_casual.
        Tensor y = nn.functional.scaled_dot_product_attention(q, k, v, null, 0.0, causal); // (B, H, S, d)
        Tensor merged = y.transpose(1, 2).reshape(batch, positions, -1);                   // (B, S, W)
        return _output.call(merged).MoveToOuterDisposeScope();                             // (B, S, W)
    }

    private Tensor SplitHeads(Tensor x) =>
        x.view(x.shape[0], x.shape[1], Heads, -1).transpose(1, 2);                         // (B, S, W) -> (B, H, S, d)
}
