namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>
/// Class ids of a text in compact storage: one byte per id for vocabularies of at most 256 classes (the
/// ASCII vocabulary), two bytes otherwise; a <see cref="Slice"/> shares the storage, so splitting a book
/// into training, validation and test blocks copies nothing.
/// </summary>
public sealed class PackedIds
{
    private readonly byte[]? _bytes;
    private readonly ushort[]? _wide;
    private readonly int _offset;

    /// <summary>Ids stored one byte each.</summary>
    public PackedIds(byte[] ids, long unrepresentable = 0)
        : this(ids ?? throw new ArgumentNullException(nameof(ids)), null, 0, ids.Length, unrepresentable)
    {
    }

    /// <summary>Ids stored two bytes each.</summary>
    public PackedIds(ushort[] ids, long unrepresentable = 0)
        : this(null, ids ?? throw new ArgumentNullException(nameof(ids)), 0, ids.Length, unrepresentable)
    {
    }

    private PackedIds(byte[]? bytes, ushort[]? wide, int offset, int length, long unrepresentable)
    {
        _bytes = bytes;
        _wide = wide;
        _offset = offset;
        Length = length;
        Unrepresentable = unrepresentable;
    }

    /// <summary>Packs plain ids of a vocabulary of <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside [0, classes).</exception>
    public static PackedIds FromIds(ReadOnlySpan<int> ids, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, ushort.MaxValue + 1);
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Ids must lie in [0, {classes}).");
            }
        }
        if (classes <= byte.MaxValue + 1)
        {
            var bytes = new byte[ids.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                bytes[i] = (byte)ids[i];
            }
            return new PackedIds(bytes);
        }
        var wide = new ushort[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            wide[i] = (ushort)ids[i];
        }
        return new PackedIds(wide);
    }

    /// <summary>Number of ids.</summary>
    public int Length { get; }

    /// <summary>Characters of the source text that the vocabulary could not represent.</summary>
    public long Unrepresentable { get; }

    /// <summary>Bytes each id takes: 1 or 2.</summary>
    public int BytesPerId => _bytes is not null ? 1 : 2;

    /// <summary>The id at <paramref name="index"/>.</summary>
    public int this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Length} ids.");
            }
            return _bytes is not null ? _bytes[_offset + index] : _wide![_offset + index];
        }
    }

    /// <summary>The ids <paramref name="start"/>.. as a view on the same storage.</summary>
    public PackedIds Slice(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[{start}, {start}+{length}) is outside the {Length} ids.");
        }
        return new PackedIds(_bytes, _wide, _offset + start, length, 0);
    }

    /// <summary>Widens <paramref name="destination"/>.Length ids from <paramref name="start"/> into <paramref name="destination"/>.</summary>
    public void CopyTo(int start, Span<int> destination)
    {
        if ((uint)start > (uint)Length || (uint)destination.Length > (uint)(Length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start}+{destination.Length}) is outside the {Length} ids.");
        }
        int from = _offset + start;
        if (_bytes is not null)
        {
            ReadOnlySpan<byte> source = _bytes.AsSpan(from, destination.Length);
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = source[i];
            }
            return;
        }
        ReadOnlySpan<ushort> wide = _wide.AsSpan(from, destination.Length);
        for (int i = 0; i < wide.Length; i++)
        {
            destination[i] = wide[i];
        }
    }

    /// <summary>The ids as a plain array (a copy, four bytes per id).</summary>
    public int[] ToArray()
    {
        var ids = new int[Length];
        CopyTo(0, ids);
        return ids;
    }
}
