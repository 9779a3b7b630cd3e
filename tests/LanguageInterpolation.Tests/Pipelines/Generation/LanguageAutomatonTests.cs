using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

public class LanguageAutomatonTests
{
    private static readonly CharacterVocabulary Letters = CharacterVocabulary.FromTexts(["abcdef "]);

    [Fact]
    public void Run_ModelCopyingTheLeftNeighbour_ShiftsTheTextRightAndReadsSpacesBeyondTheEnds()
    {
        // Window 4: positions read 2 characters on the left and 2 on the right; this model returns the nearest left
        // one (window[1]), so every step shifts the text one place to the right, a space entering on the left.
        var automaton = new LanguageAutomaton(new PickScorer(Letters, windowSize: 4, pick: window => window[1]));

        IReadOnlyList<string> steps = automaton.Run("abcd", new AutomatonOptions { Steps = 3 });

        Assert.Equal([" abc", "  ab", "   a"], steps);
    }

    [Fact]
    public void Run_OddWindow_GivesTheExtraCharacterToTheRight()
    {
        // Window 3: 1 on the left, 2 on the right; this model returns the farthest right one (window[2]).
        var automaton = new LanguageAutomaton(new PickScorer(Letters, windowSize: 3, pick: window => window[2]));

        Assert.Equal(1, automaton.LeftContext);
        Assert.Equal(2, automaton.RightContext);
        Assert.Equal(["cdef  "], automaton.Run("abcdef", new AutomatonOptions { Steps = 1 }));
    }

    [Fact]
    public void Run_Sampling_IsDeterministicWithTheSeed()
    {
        var automaton = new LanguageAutomaton(new UniformScorer(Letters, windowSize: 4));
        var options = new AutomatonOptions { Steps = 2, TopK = 7, Seed = 5 };

        IReadOnlyList<string> first = automaton.Run("abcdefabcdef", options);
        IReadOnlyList<string> again = automaton.Run("abcdefabcdef", options);
        IReadOnlyList<string> other = automaton.Run("abcdefabcdef", options with { Seed = 6 });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Run_RewriteBelow_KeepsCharactersTheModelFindsPlausible()
    {
        // Window 2 (one each side). The model gives 0.6 to the left neighbour and 0.4 to 'a'. On "ba": position 0
        // (current 'b', probability 0) becomes the left neighbour, a space; position 1 (current 'a', probability 0.4)
        // keeps 'a' when 0.4 >= RewriteBelow = 0.3, and becomes 'b' (the most probable) when every position is rewritten.
        Letters.TryGetId('a', out int a);
        var automaton = new LanguageAutomaton(new ScoresScorer(Letters, windowSize: 2, (window, p) =>
        {
            p[window[0]] += 0.6f;
            p[a] += 0.4f;
        }));

        Assert.Equal([" a"], automaton.Run("ba", new AutomatonOptions { Steps = 1, RewriteBelow = 0.3 }));
        Assert.Equal([" b"], automaton.Run("ba", new AutomatonOptions { Steps = 1 }));
    }

    [Fact]
    public void Run_CorruptionPrior_RewritesOnlyWhereAnotherCharacterIsTheLikelierOriginal()
    {
        // p(a) = 0.004, p(b) = 0.996 everywhere; V classes. Keep 'a' iff 0.996·ρ/(V - 1) <= 0.004·(1 - ρ):
        // at ρ = 0.05, 0.0498/(V - 1) > 0.0038 for V <= 14 (rewrite to 'b'); at ρ = 0.01, 0.00996/(V - 1) < 0.00396
        // for V >= 4 (keep).
        Letters.TryGetId('a', out int a);
        Letters.TryGetId('b', out int b);
        Assert.InRange(Letters.Count, 4, 14);
        var automaton = new LanguageAutomaton(new ScoresScorer(Letters, windowSize: 2, (window, p) =>
        {
            p[a] += 0.004f;
            p[b] += 0.996f;
        }));

        Assert.Equal(["bb"], automaton.Run("aa", new AutomatonOptions { Steps = 1, CorruptionPrior = 0.05 }));
        Assert.Equal(["aa"], automaton.Run("aa", new AutomatonOptions { Steps = 1, CorruptionPrior = 0.01 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Run_StepsNotPositive_NamesTheOption(int steps)
    {
        var automaton = new LanguageAutomaton(new UniformScorer(Letters, windowSize: 4));
        var error = Assert.Throws<ArgumentException>(() => automaton.Run("abc", new AutomatonOptions { Steps = steps }));
        Assert.Contains($"Steps must be at least 1 (got {steps})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_ReplacesTheRequestedShareWithOtherCharactersAndIsSeeded()
    {
        const string text = "the quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps over the lazy dog";

        string corrupted = TextCorruption.Corrupt(text, 0.1, "abcdefghijklmnopqrstuvwxyz ", seed: 3);

        Assert.Equal(Math.Round(0.1 * text.Length) / text.Length, TextCorruption.CharacterErrorRate(text, corrupted), 12);
        Assert.Equal(corrupted, TextCorruption.Corrupt(text, 0.1, "abcdefghijklmnopqrstuvwxyz ", seed: 3));
        Assert.Equal(0.25, TextCorruption.CharacterErrorRate("abcd", "abce"));
    }

    private sealed class PickScorer(CharacterVocabulary vocabulary, int windowSize, Func<int[], int> pick) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => vocabulary;

        public int WindowSize => windowSize;

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            probabilities.Clear();
            probabilities[pick(context.ToArray())] = 1f;
        }
    }

    private sealed class ScoresScorer(CharacterVocabulary vocabulary, int windowSize, Action<int[], float[]> fill) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => vocabulary;

        public int WindowSize => windowSize;

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            var values = new float[probabilities.Length];
            fill(context.ToArray(), values);
            values.CopyTo(probabilities);
        }
    }

    private sealed class UniformScorer(CharacterVocabulary vocabulary, int windowSize) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => vocabulary;

        public int WindowSize => windowSize;

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities) => probabilities.Fill(1f / probabilities.Length);
    }
}
