using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using static TorchSharp.torch;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows with a Mamba network and its recurrent state, for <see cref="TextGenerator"/>: when the window is
/// the previous one slid by one character, only the new character is read (one position, whatever the context
/// length), instead of a pass over the whole window.
/// </summary>
/// <remarks>
/// <para><b>Context length.</b> A state could read on forever, but the network was trained on windows of N
/// characters; so, as <see cref="CachedTorchScorer"/> does with its cache, once the state has read N characters
/// the next slide restarts it from the most recent ⌊N/2⌋ characters (one batched pass through the chunked scan),
/// and the following characters are again one step each. Each prediction therefore sees between ⌊N/2⌋ and N
/// characters, and is what the network computes on those characters. A window that does not continue the previous
/// one (a new prompt) restarts from the whole window.</para>
/// <para>Puts the network in evaluation mode. Not thread-safe; one scorer per generation at a time.</para>
/// </remarks>
public sealed class MambaStateScorer : ICharacterScorer, IDisposable
{
    private readonly MambaNetwork _network;
    private readonly MambaState _state;
    private readonly SlidingContext _context;
    private readonly Device _device;

    /// <summary>Creates the scorer.</summary>
    /// <exception cref="ArgumentException">The vocabulary's size is not the network's output width.</exception>
    public MambaStateScorer(MambaNetwork network, CharacterVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != network.Config.VocabularySize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {network.Config.VocabularySize} classes.", nameof(vocabulary));
        }
        _network = network;
        _network.eval();
        Vocabulary = vocabulary;
        WindowSize = network.Config.WindowSize;
        _state = network.NewState();
        _context = new SlidingContext(WindowSize);
        _device = network.Embedding.device;
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <summary>Characters of context the last prediction saw (the characters the state has read).</summary>
    public int ContextLength => _context.Count;

    /// <summary>Positions the network has computed so far (the cost of all predictions).</summary>
    public long PositionsRead { get; private set; }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (context.Length != WindowSize || probabilities.Length != Vocabulary.Count)
        {
            throw new ArgumentException($"Expected {WindowSize} class ids and room for {Vocabulary.Count} probabilities, got {context.Length} and {probabilities.Length}.");
        }
        (bool clear, int read) = _context.Plan(context, WindowSize - _state.Length);
        if (clear)
        {
            _state.Clear();
        }
        var ids = new long[read];
        for (int i = 0; i < read; i++)
        {
            ids[i] = context[context.Length - read + i];
        }
        PositionsRead += read;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor logits = _network.Decode(tensor(ids, [1, read], device: _device), _state).select(1, -1);      // (1, V)
        nn.functional.softmax(logits, 1).cpu().data<float>().CopyTo(probabilities);
    }

    /// <inheritdoc />
    public void Dispose() => _state.Dispose();
}
