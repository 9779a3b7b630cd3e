using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>
/// Every window of a set of text blocks (each block one contiguous piece of one book), addressable by
/// index. A block of L characters gives L - N windows at stride 1 (all of them: the original dropped the
/// last), and no window reaches from one block into the next.
/// </summary>
public sealed class CharacterWindows
{
    private readonly PackedIds[] _blocks;
    private readonly long[] _firstWindowOfBlock;

    /// <summary>Creates the windows of the given blocks of class ids (packed to one byte per id where the
    /// vocabulary allows).</summary>
    public CharacterWindows(IEnumerable<int[]> blocks, CharacterVocabulary vocabulary, int windowSize, WindowKind kind, int stride)
        : this(PackAll(blocks, vocabulary), vocabulary, windowSize, kind, stride)
    {
    }

    /// <summary>Creates the windows of the given packed blocks (slices of one encoded book share its storage).</summary>
    public CharacterWindows(IEnumerable<PackedIds> blocks, CharacterVocabulary vocabulary, int windowSize, WindowKind kind, int stride)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        _blocks = blocks.ToArray();
        Vocabulary = vocabulary;
        WindowSize = windowSize;
        Kind = kind;
        Stride = stride;
        _firstWindowOfBlock = new long[_blocks.Length + 1];
        for (int b = 0; b < _blocks.Length; b++)
        {
            _firstWindowOfBlock[b + 1] = _firstWindowOfBlock[b] + WindowsIn(_blocks[b].Length);
        }
    }

    /// <summary>The vocabulary of the ids.</summary>
    public CharacterVocabulary Vocabulary { get; }

    /// <summary>Context characters per window.</summary>
    public int WindowSize { get; }

    /// <summary>Sequence or centered.</summary>
    public WindowKind Kind { get; }

    /// <summary>Characters between window starts.</summary>
    public int Stride { get; }

    /// <summary>Number of windows.</summary>
    public long Count => _firstWindowOfBlock[^1];

    /// <summary>The same blocks with <paramref name="stride"/> characters between window starts (this instance when
    /// the stride is the same).</summary>
    public CharacterWindows WithStride(int stride) => stride == Stride ? this : new(_blocks, Vocabulary, WindowSize, Kind, stride);

    /// <summary>Number of characters over all blocks.</summary>
    public long CharacterCount => _blocks.Sum(block => (long)block.Length);

    /// <summary>The blocks of ids the windows are cut from, in their compact storage.</summary>
    public IReadOnlyList<PackedIds> PackedBlocks => _blocks;

    /// <summary>The blocks of ids as plain arrays: a four-bytes-per-id copy made on every call; prefer
    /// <see cref="PackedBlocks"/> or <see cref="GetWindow"/>.</summary>
    public IReadOnlyList<int[]> Blocks => _blocks.Select(block => block.ToArray()).ToArray();

    /// <summary>Writes window <paramref name="index"/>'s context ids and returns the id it predicts.</summary>
    public int GetWindow(long index, Span<int> context)
    {
        if ((ulong)index >= (ulong)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} windows.");
        }
        if (context.Length != WindowSize)
        {
            throw new ArgumentException($"Context span must hold {WindowSize} ids.", nameof(context));
        }
        int block = Array.BinarySearch(_firstWindowOfBlock, index);
        block = block >= 0 ? FirstNonEmptyFrom(block) : ~block - 1;
        PackedIds ids = _blocks[block];
        int start = (int)((index - _firstWindowOfBlock[block]) * Stride);
        if (Kind == WindowKind.Sequence)
        {
            ids.CopyTo(start, context);
            return ids[start + WindowSize];
        }
        int left = WindowSize / 2;
        ids.CopyTo(start, context[..left]);
        ids.CopyTo(start + left + 1, context[left..]);
        return ids[start + left];
    }

    private int FirstNonEmptyFrom(int block)
    {
        // Several blocks can start at the same window index when some are too short for any window.
        while (_firstWindowOfBlock[block + 1] == _firstWindowOfBlock[block])
        {
            block++;
        }
        return block;
    }

    private long WindowsIn(int length) => length <= WindowSize ? 0 : (length - WindowSize - 1) / Stride + 1;

    private static IEnumerable<PackedIds> PackAll(IEnumerable<int[]> blocks, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(vocabulary);
        return blocks.Select(block => PackedIds.FromIds(block, vocabulary.Count)).ToArray();
    }
}
