using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

public class CachedTorchScorerTests
{
    private const int Window = 8;

    // Cached and uncached passes run the same float32 kernels on differently shaped tensors; probabilities
    // agree to a few ulps.
    private const double Tolerance = 1e-5;

    private static CausalTransformerNetwork Network()
    {
        TorchTestSettings.UseOneThread();
        using var generator = new Generator(9);
        return (CausalTransformerNetwork)new TransformerConfig { Width = 16, Heads = 2, Blocks = 2, FeedForwardMultiple = 2 }
            .WithShape(Window, CharacterVocabulary.Ascii.Count).Build(generator);
    }

    [Fact]
    public void Generate_EveryPrediction_IsTheForwardPassOnTheCachedCharacters()
    {
        using CausalTransformerNetwork network = Network();
        using var cached = new CachedTorchScorer(network, CharacterVocabulary.Ascii);
        var checking = new CheckingScorer(cached, network);

        string text = new TextGenerator(checking).Generate(new GenerationOptions { Prompt = "Who are you?", Length = 30, TopK = 3, Seed = 4 });

        Assert.Equal(30, text.Length);
        Assert.Equal(30, checking.Calls);
        // The prompt's window, then a full cache keeps the last 4 characters and grows one step at a time to 8.
        Assert.Equal([8, 4, 5, 6, 7, 8, 4, 5], checking.ContextLengths.Take(8));
    }

    [Fact]
    public void Generate_LongText_CostsAboutTwoPositionsPerCharacter()
    {
        using CausalTransformerNetwork network = Network();
        using var cached = new CachedTorchScorer(network, CharacterVocabulary.Ascii);

        new TextGenerator(cached).Generate(new GenerationOptions { Prompt = "Who are you?", Length = 100 });

        // The first window (8 positions), then per 5 characters one rebuild from 4 characters and 4 steps: under
        // 2 positions per character, against 8 for recomputing every window.
        Assert.InRange(cached.PositionsRead, 100, Window + 2 * 100);
    }

    [Fact]
    public void Score_WindowThatDoesNotContinueThePreviousOne_RebuildsFromTheWholeWindow()
    {
        using CausalTransformerNetwork network = Network();
        using var cached = new CachedTorchScorer(network, CharacterVocabulary.Ascii);
        var probabilities = new float[CharacterVocabulary.Ascii.Count];

        cached.Score("abcdefgh".Select(character => (int)character).ToArray(), probabilities);
        cached.Score("bcdefghi".Select(character => (int)character).ToArray(), probabilities);
        long afterSlide = cached.PositionsRead;
        cached.Score("zyxwvuts".Select(character => (int)character).ToArray(), probabilities);

        Assert.Equal(Window + Window / 2, afterSlide);            // the full cache was rebuilt from "fghi"
        Assert.Equal(Window, cached.ContextLength);
        Assert.Equal(afterSlide + Window, cached.PositionsRead);
    }

    [Fact]
    public void Constructor_VocabularyOfAnotherSize_Throws()
    {
        using CausalTransformerNetwork network = Network();

        var error = Assert.Throws<ArgumentException>(() => new CachedTorchScorer(network, CharacterVocabulary.FromTexts(["abc"])));

        Assert.Contains("but the network predicts 128 classes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Checks every cached prediction against a plain forward pass on the characters the cache holds.</summary>
    private sealed class CheckingScorer(CachedTorchScorer cached, CausalTransformerNetwork network) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => cached.Vocabulary;

        public int WindowSize => cached.WindowSize;

        public int Calls { get; private set; }

        public List<int> ContextLengths { get; } = [];

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            cached.Score(context, probabilities);
            Calls++;
            int length = cached.ContextLength;
            ContextLengths.Add(length);
            long[] suffix = context[^length..].ToArray().Select(id => (long)id).ToArray();
            using var noGrad = no_grad();
            using Tensor expected = nn.functional.softmax(network.NextCharacterLogits(tensor(suffix, [1, length])), 1);
            float[] values = expected.data<float>().ToArray();
            for (int c = 0; c < values.Length; c++)
            {
                Assert.True(Math.Abs(values[c] - probabilities[c]) <= Tolerance, $"call {Calls}, context {length}, class {c}: {values[c]} vs {probabilities[c]}");
            }
        }
    }
}
