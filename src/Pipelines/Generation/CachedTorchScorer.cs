using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using static TorchSharp.torch;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows with an incremental network (<see cref="IIncrementalNetwork"/>: a causal transformer and its
/// key/value cache, a recurrent state) for <see cref="TextGenerator"/>: when the window is the previous one slid by
/// one character, only the new character is read (one position, whatever the context length), instead of a pass
/// over the whole window.
/// </summary>
/// <remarks>
/// <para>A state of fixed size (<see cref="IDecodingState.Free"/> unlimited) is never rebuilt while the text
/// continues: each prediction sees everything read since the prompt.</para>
/// <para><b>When a cache is full</b> (a transformer's holds as many positions as the network's window N), the next slide
/// keeps the most recent ⌊N/2⌋ characters and rebuilds the cache from them in one batched pass (positions restart
/// at 0); the following ⌈N/2⌉ characters are again one step each. Each prediction therefore sees between ⌊N/2⌋ and N
/// characters of context, and is exactly what the network computes on those characters (the network
/// trains on every position, so shorter contexts are ones it has learned). Amortised, a character costs about
/// two positions instead of N. A window that does not continue the previous one (a new prompt) rebuilds from the
/// whole window.</para>
/// <para>Puts the network in evaluation mode. Not thread-safe; one scorer per generation at a time.</para>
/// </remarks>
public sealed class CachedTorchScorer : ICharacterScorer, IDisposable
{
    private readonly IIncrementalNetwork _network;
    private readonly IDecodingState _cache;
    private readonly SlidingContext _context;
    private readonly Device _device;

    /// <summary>Creates the scorer.</summary>
    /// <exception cref="ArgumentException">The network does not decode incrementally, or the vocabulary's size is
    /// not its output width.</exception>
    public CachedTorchScorer(LanguageNetwork network, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (network is not IIncrementalNetwork { CanDecodeIncrementally: true } incremental)
        {
            throw new ArgumentException($"A {network.Config.NetworkType} network has no incremental decoding; score it with TorchScorer.", nameof(network));
        }
        if (vocabulary.Count != network.Config.VocabularySize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {network.Config.VocabularySize} classes.", nameof(vocabulary));
        }
        network.eval();
        _network = incremental;
        Vocabulary = vocabulary;
        WindowSize = network.Config.WindowSize;
        _cache = incremental.NewState();
        _context = new SlidingContext(WindowSize);
        _device = network.parameters().First().device;
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <summary>Characters of context the last prediction saw (the characters in the cache).</summary>
    public int ContextLength => _cache.Length;

    /// <summary>Positions the network has computed so far (the cost of all predictions).</summary>
    public long PositionsRead { get; private set; }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (context.Length != WindowSize || probabilities.Length != Vocabulary.Count)
        {
            throw new ArgumentException($"Expected {WindowSize} class ids and room for {Vocabulary.Count} probabilities, got {context.Length} and {probabilities.Length}.");
        }
        (bool clear, int read) = _context.Plan(context, _cache.Free);
        if (clear)
        {
            _cache.Clear();
        }
        var ids = new long[read];
        for (int i = 0; i < read; i++)
        {
            ids[i] = context[context.Length - read + i];
        }
        PositionsRead += read;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor logits = _network.Decode(tensor(ids, [1, read], device: _device), _cache).select(1, -1);      // (1, V)
        nn.functional.softmax(logits, 1).cpu().data<float>().CopyTo(probabilities);
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();
}
