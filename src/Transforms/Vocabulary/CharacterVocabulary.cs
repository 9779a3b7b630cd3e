using System.Text;
using System.Text.Json;

namespace LanguageInterpolation.Transforms.Vocabulary;

/// <summary>
/// The characters a model reads and predicts. Class id i is <see cref="Characters"/>[i]; the network
/// input value of id i is the centre of bin i of [-1, 1] split into <see cref="Count"/> bins, which for
/// the ASCII vocabulary is the original's (code - 64 + 0.5) / 64.
/// </summary>
public sealed partial class CharacterVocabulary : IEquatable<CharacterVocabulary>
{
    /// <summary>The symbol that stands for characters outside a corpus vocabulary.</summary>
    public const char UnknownSymbol = '\uFFFD';

    // Class id of every UTF-16 code unit, -1 where the vocabulary lacks it: one array index per character
    // in the encoding loops that read whole books.
    private readonly int[] _idOfCharacter;

    private CharacterVocabulary(VocabularyKind kind, string characters, int? unknownId)
    {
        Kind = kind;
        Characters = characters;
        UnknownId = unknownId;
        _idOfCharacter = new int[char.MaxValue + 1];
        Array.Fill(_idOfCharacter, -1);
        for (int id = 0; id < characters.Length; id++)
        {
            if (_idOfCharacter[characters[id]] >= 0)
            {
                throw new ArgumentException($"Vocabulary characters must be distinct; U+{(int)characters[id]:X4} appears twice.", nameof(characters));
            }
            _idOfCharacter[characters[id]] = id;
        }
        FallbackId = unknownId ?? (TryGetId(' ', out int space) ? space : 0);
    }

    /// <summary>ASCII codes 0-127 as 128 classes, compatible with the Python original.</summary>
    public static CharacterVocabulary Ascii { get; } = new(
        VocabularyKind.Ascii, new string(Enumerable.Range(0, 128).Select(code => (char)code).ToArray()), unknownId: null);

    /// <summary>Which family of vocabulary this is.</summary>
    public VocabularyKind Kind { get; }

    /// <summary>The characters in class-id order.</summary>
    public string Characters { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Characters.Length;

    /// <summary>Id of the unknown symbol, for corpus vocabularies; null for ASCII.</summary>
    public int? UnknownId { get; }

    /// <summary>Id used in a context window for a character the vocabulary cannot represent:
    /// the unknown symbol when there is one, else the space.</summary>
    public int FallbackId { get; }

    /// <summary>Builds a vocabulary of every distinct character of the texts plus the unknown symbol,
    /// for books the ASCII vocabulary serves badly (German, French...). Line endings are normalised first.</summary>
    public static CharacterVocabulary FromTexts(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // A flag per code unit rather than a set of chars: books of hundreds of megabytes pass through here.
        var seen = new bool[char.MaxValue + 1];
        foreach (string text in texts)
        {
            foreach (char character in text)
            {
                seen[character] = true;
            }
        }
        if (seen['\r'])
        {
            seen['\r'] = false; // CR LF and lone CR become LF (TextNormalization)
            seen['\n'] = true;
        }
        seen[UnknownSymbol] = false;
        var distinct = new StringBuilder();
        for (int code = 0; code < seen.Length; code++)
        {
            if (seen[code])
            {
                distinct.Append((char)code);
            }
        }
        string characters = distinct.Append(UnknownSymbol).ToString();
        return new CharacterVocabulary(VocabularyKind.Corpus, characters, characters.Length - 1);
    }

    /// <summary>The vocabulary whose classes are exactly <paramref name="characters"/> in id order: the ASCII
    /// vocabulary for codes 0-127, otherwise a corpus vocabulary (which must end with <see cref="UnknownSymbol"/>).</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static CharacterVocabulary FromCharacters(string characters)
    {
        ArgumentNullException.ThrowIfNull(characters);
        if (characters == Ascii.Characters)
        {
            return Ascii;
        }
        if (characters.Length < 2 || characters[^1] != UnknownSymbol)
        {
            throw new FormatException("A corpus vocabulary's characters must end with the unknown symbol U+FFFD.");
        }
        try
        {
            return new CharacterVocabulary(VocabularyKind.Corpus, characters, characters.Length - 1);
        }
        catch (ArgumentException error)
        {
            throw new FormatException(error.Message, error);
        }
    }

    /// <summary>The class id of a character, if the vocabulary has it (no transliteration).</summary>
    public bool TryGetId(char character, out int id)
    {
        id = _idOfCharacter[character];
        return id >= 0;
    }

    /// <summary>The network input value of a class id: the centre of bin <paramref name="id"/> of [-1, 1].</summary>
    public float InputValue(int id) => (2f * id + 1f) / Count - 1f;

    /// <summary>Every class id's input value, in id order.</summary>
    public float[] InputValues() => Enumerable.Range(0, Count).Select(InputValue).ToArray();

    /// <summary>
    /// Turns text into class ids. The ASCII vocabulary transliterates first (curly quotes, dashes,
    /// accents, ligatures...); what is still unrepresentable is dropped from the text (a corpus
    /// vocabulary maps it to its unknown symbol instead) and counted. Line endings are normalised
    /// (<see cref="TextNormalization.NormalizeLineEndings(string)"/>) on the way. For whole books prefer
    /// <see cref="EncodePacked"/>, which stores one byte per id where the vocabulary allows.
    /// </summary>
    public EncodedText Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new IntSink(new int[CountIds(text, out long unrepresentable)]);
        EncodeInto(text, ref sink, CancellationToken.None, null, 0);
        return new EncodedText(sink.Ids, checked((int)unrepresentable));
    }

    /// <summary>Ids of a context window from raw characters, one id per character (transliterations that
    /// need several characters keep the first), unrepresentable characters becoming <see cref="FallbackId"/>.</summary>
    public int IdOfContextCharacter(char character)
    {
        if (TryGetId(character, out int id))
        {
            return id;
        }
        if (Kind == VocabularyKind.Ascii && Transliteration.ToAscii(character) is { Length: > 0 } replacement)
        {
            return _idOfCharacter[replacement[0]];
        }
        return FallbackId;
    }

    /// <summary>Turns class ids back into text.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            text.Append(Characters[id]);
        }
        return text.ToString();
    }

    /// <summary>A compact JSON description that <see cref="Parse"/> reads back; stored with every model.</summary>
    public string Serialize()
    {
        var description = new VocabularyDescription
        {
            Kind = Kind == VocabularyKind.Ascii ? "ascii" : "corpus",
            Characters = Kind == VocabularyKind.Ascii ? null : Characters,
        };
        return JsonSerializer.Serialize(description);
    }

    /// <summary>Reads a vocabulary written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a vocabulary description.</exception>
    public static CharacterVocabulary Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        VocabularyDescription? description;
        try
        {
            description = JsonSerializer.Deserialize<VocabularyDescription>(json);
        }
        catch (JsonException error)
        {
            throw new FormatException($"Not a vocabulary description: {error.Message}", error);
        }
        return description?.Kind switch
        {
            "ascii" => Ascii,
            "corpus" when description.Characters is { Length: > 0 } characters && characters != Ascii.Characters => FromCorpusDescription(characters),
            _ => throw new FormatException("Not a vocabulary description: expected kind 'ascii', or kind 'corpus' with characters ending in U+FFFD."),
        };
    }

    private static CharacterVocabulary FromCorpusDescription(string characters)
    {
        try
        {
            return FromCharacters(characters);
        }
        catch (FormatException error)
        {
            throw new FormatException($"Not a vocabulary description: {error.Message}", error);
        }
    }

    /// <inheritdoc />
    public bool Equals(CharacterVocabulary? other) => other is not null && Kind == other.Kind && Characters == other.Characters;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CharacterVocabulary);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Characters);

    private sealed class VocabularyDescription
    {
        public string? Kind { get; set; }

        public string? Characters { get; set; }
    }
}
