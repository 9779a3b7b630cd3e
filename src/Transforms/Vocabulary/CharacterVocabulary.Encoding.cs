namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>The encoding loops: one pass over a text, no intermediate strings or lists.</summary>
public sealed partial class CharacterVocabulary
{
    // Cancellation and progress are checked once per this many characters.
    private const int ChunkCharacters = 1 << 22;

    /// <summary>Whether <paramref name="character"/> reaches the model as itself or transliterated
    /// (false: it is dropped, or read as the unknown symbol).</summary>
    public bool IsRepresentable(char character) =>
        _idOfCharacter[character] >= 0 || character == '\r'
        || (Kind == VocabularyKind.Ascii && Transliteration.ToAscii(character) is not null);

    /// <summary>Number of ids <see cref="Encode"/> would give, without storing them; also counts the
    /// unrepresentable characters.</summary>
    public long CountIds(string text, out long unrepresentable, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new CountingSink();
        unrepresentable = EncodeInto(text, ref sink, cancellation, null, 0);
        return sink.Count;
    }

    /// <summary>
    /// Encodes a whole text as <see cref="Encode"/> does into compact storage: one byte per id when the
    /// vocabulary has at most 256 classes (the ASCII vocabulary), two otherwise. Two passes (count, then
    /// fill), so that no buffer grows and nothing is copied.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellation">Checked every few million characters.</param>
    /// <param name="progress">Receives the characters passed so far, over both passes: 2 x the text's length at the end.</param>
    public PackedIds EncodePacked(string text, CancellationToken cancellation = default, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var countSink = new CountingSink();
        long unrepresentable = EncodeInto(text, ref countSink, cancellation, progress, 0);
        long count = countSink.Count;
        if (count > Array.MaxLength)
        {
            throw new ArgumentException($"A text of {count:N0} ids is longer than one block can hold ({Array.MaxLength:N0}); split the book into several files.");
        }
        if (Count <= byte.MaxValue + 1)
        {
            var bytes = new ByteSink(new byte[count]);
            EncodeInto(text, ref bytes, cancellation, progress, text.Length);
            return new PackedIds(bytes.Ids, unrepresentable);
        }
        var wide = new WideSink(new ushort[count]);
        EncodeInto(text, ref wide, cancellation, progress, text.Length);
        return new PackedIds(wide.Ids, unrepresentable);
    }

    // The encoding rule, once: CR LF and lone CR read as LF; a vocabulary character is its id; the ASCII
    // vocabulary transliterates; the rest is counted and dropped, or becomes the unknown id.
    private long EncodeInto<TSink>(string text, ref TSink sink, CancellationToken cancellation, IProgress<long>? progress, long progressOffset)
        where TSink : struct, IIdSink
    {
        long unrepresentable = 0;
        int[] idOf = _idOfCharacter;
        for (int chunk = 0; chunk < text.Length; chunk += ChunkCharacters)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(progressOffset + chunk);
            int end = Math.Min(text.Length, chunk + ChunkCharacters);
            for (int i = chunk; i < end; i++)
            {
                char character = text[i];
                if (character == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        continue;
                    }
                    character = '\n';
                }
                int id = idOf[character];
                if (id >= 0)
                {
                    sink.Add(id);
                    continue;
                }
                if (Kind == VocabularyKind.Ascii && Transliteration.ToAscii(character) is { } replacement)
                {
                    foreach (char ascii in replacement)
                    {
                        sink.Add(idOf[ascii]);
                    }
                    continue;
                }
                unrepresentable++;
                if (UnknownId is int unknown)
                {
                    sink.Add(unknown);
                }
            }
        }
        progress?.Report(progressOffset + text.Length);
        return unrepresentable;
    }

    private interface IIdSink
    {
        void Add(int id);
    }

    private struct CountingSink : IIdSink
    {
        public long Count;

        public void Add(int id) => Count++;
    }

    private struct IntSink(int[] ids) : IIdSink
    {
        private int _position;

        public readonly int[] Ids => ids;

        public void Add(int id) => ids[_position++] = id;
    }

    private struct ByteSink(byte[] ids) : IIdSink
    {
        private int _position;

        public readonly byte[] Ids => ids;

        public void Add(int id) => ids[_position++] = (byte)id;
    }

    private struct WideSink(ushort[] ids) : IIdSink
    {
        private int _position;

        public readonly ushort[] Ids => ids;

        public void Add(int id) => ids[_position++] = (ushort)id;
    }
}
