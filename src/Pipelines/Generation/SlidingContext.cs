namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// The characters a key/value-cached scorer holds, and what it must read for the next window: only the new
/// character when the window is the previous one slid by one and the cache has room; when the cache is full, the
/// most recent ⌊N/2⌋ characters after a clear; and for a window that does not continue the previous one (a new
/// prompt), the whole window after a clear. Shared by <see cref="CachedTorchScorer"/> and <see cref="OnnxCachedScorer"/>.
/// </summary>
internal sealed class SlidingContext(int windowSize)
{
    private readonly List<int> _characters = new(windowSize);

    /// <summary>Characters held (the context of the last prediction).</summary>
    public int Count => _characters.Count;

    /// <summary>Plans the reading of <paramref name="context"/> (length N) with <paramref name="free"/> free cache
    /// positions: whether to clear the cache first, and how many of the window's last characters to read.</summary>
    public (bool Clear, int Read) Plan(ReadOnlySpan<int> context, int free)
    {
        if (!SlidByOne(context))
        {
            return Restart(context, windowSize);
        }
        if (free == 0)
        {
            return Restart(context, Math.Max(1, windowSize / 2));
        }
        if (_characters.Count == 2 * windowSize)
        {
            _characters.RemoveRange(0, windowSize);   // a state without limit: only the last N - 1 are ever compared
        }
        _characters.Add(context[^1]);
        return (false, 1);
    }

    private (bool Clear, int Read) Restart(ReadOnlySpan<int> context, int keep)
    {
        _characters.Clear();
        foreach (int character in context[^keep..])
        {
            _characters.Add(character);
        }
        return (true, keep);
    }

    // The held characters (their most recent N - 1 at most) end just before the window's last character.
    private bool SlidByOne(ReadOnlySpan<int> context)
    {
        int kept = Math.Min(_characters.Count, windowSize - 1);
        if (kept == 0)
        {
            return false;
        }
        ReadOnlySpan<int> before = context[(windowSize - 1 - kept)..(windowSize - 1)];
        for (int i = 0; i < kept; i++)
        {
            if (before[i] != _characters[_characters.Count - kept + i])
            {
                return false;
            }
        }
        return true;
    }
}
