using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The keys and values a <see cref="CausalTransformerNetwork"/> has computed for the positions it has read so
/// far, per block <c>(B, heads, L, head width)</c>, so that each further character costs one position
/// (<see cref="CausalTransformerNetwork.Decode"/>) instead of a pass over the whole window. It holds at most
/// <see cref="Capacity"/> positions (the window the position table covers); what happens when it is full is the
/// caller's choice (<see cref="Clear"/> and read a shorter context again, see <c>CachedTorchScorer</c>).
/// </summary>
public sealed class KeyValueCache : IDecodingState
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    /// <summary>An empty cache for <paramref name="blocks"/> blocks and up to <paramref name="capacity"/> positions.</summary>
    public KeyValueCache(int blocks, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _keys = new Tensor?[blocks];
        _values = new Tensor?[blocks];
        Capacity = capacity;
    }

    /// <inheritdoc />
    public int Length { get; private set; }

    /// <summary>The most positions it can hold.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public int Free => Capacity - Length;

    /// <summary>Appends the new positions' keys and values (B, H, S, d) of <paramref name="block"/> and returns
    /// all of that block's (B, H, L + S, d). The returned tensors belong to the cache.</summary>
    internal (Tensor Keys, Tensor Values) Append(int block, Tensor keys, Tensor values)
    {
        _keys[block] = Concatenate(_keys[block], keys);
        _values[block] = Concatenate(_values[block], values);
        return (_keys[block]!, _values[block]!);
    }

    /// <summary>Records that <paramref name="positions"/> more positions were appended to every block.</summary>
    internal void Advance(int positions) => Length += positions;

    /// <inheritdoc />
    public void Clear()
    {
        for (int block = 0; block < _keys.Length; block++)
        {
            _keys[block]?.Dispose();
            _values[block]?.Dispose();
            _keys[block] = null;
            _values[block] = null;
        }
        Length = 0;
    }

    /// <inheritdoc />
    public void Dispose() => Clear();

    private static Tensor Concatenate(Tensor? held, Tensor added)
    {
        Tensor all = held is null ? added.detach().clone() : cat([held, added.detach()], 2);    // (B, H, L + S, d)
        held?.Dispose();
        return all.DetachFromDisposeScope();
    }
}
