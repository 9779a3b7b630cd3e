using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using static TorchSharp.torch;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows with the TorchSharp network itself: the window's character ids as a (1, N) batch, one
/// forward pass without gradients, a softmax. Puts the network in evaluation mode. Not thread-safe (it
/// reuses one input buffer); use one scorer per thread.
/// </summary>
public sealed class TorchScorer : ICharacterScorer
{
    private readonly LanguageNetwork _network;
    private readonly long[] _window;
    private readonly Device _device;

    /// <summary>Creates the scorer.</summary>
    /// <exception cref="ArgumentException">The vocabulary's size is not the network's output width.</exception>
    public TorchScorer(LanguageNetwork network, CharacterVocabulary vocabulary)
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
        _window = new long[WindowSize];
        _device = network.parameters().First().device;
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (context.Length != WindowSize || probabilities.Length != Vocabulary.Count)
        {
            throw new ArgumentException($"Expected {WindowSize} class ids and room for {Vocabulary.Count} probabilities, got {context.Length} and {probabilities.Length}.");
        }
        for (int i = 0; i < context.Length; i++)
        {
            _window[i] = context[i];
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor ids = tensor(_window, [1, WindowSize], device: _device);                                      // (1, N)
        Tensor p = nn.functional.softmax(_network.NextCharacterLogits(ids), 1).cpu();                // (1, V)
        p.data<float>().CopyTo(probabilities);
    }
}
