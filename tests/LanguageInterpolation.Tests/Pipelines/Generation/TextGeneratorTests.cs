using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

public class TextGeneratorTests
{
    [Fact]
    public void Generate_Greedy_FollowsTheMostProbableCharacterAndPadsThePromptWithSpaces()
    {
        var scorer = new ShiftScorer(windowSize: 4);

        string text = new TextGenerator(scorer).Generate(new GenerationOptions { Prompt = "ab", Length = 3, TopK = 1 });

        Assert.Equal("cde", text);           // the scorer prefers the code after the last character
        Assert.Equal("  ab", scorer.Windows[0]); // two spaces of padding on the left
        Assert.Equal(" abc", scorer.Windows[1]);
        Assert.Equal("abcd", scorer.Windows[2]);
    }

    [Fact]
    public void Generate_SameSeed_SameText_OtherSeed_OtherText()
    {
        var options = new GenerationOptions { Prompt = "hello", Length = 60, TopK = 5, Seed = 3 };

        string first = new TextGenerator(new ShiftScorer(4)).Generate(options);
        string second = new TextGenerator(new ShiftScorer(4)).Generate(options);
        string other = new TextGenerator(new ShiftScorer(4)).Generate(options with { Seed = 4 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Generate_TopK_NeverLeavesTheKMostProbable()
    {
        var scorer = new ShiftScorer(4);

        string text = new TextGenerator(scorer).Generate(new GenerationOptions { Prompt = "a", Length = 200, TopK = 2, Seed = 1 });

        // After character c the scorer ranks c+1 first and c+2 second; nothing else may follow.
        string full = "a" + text;
        for (int i = 1; i < full.Length; i++)
        {
            int step = (full[i] - full[i - 1] + 128) % 128;
            Assert.True(step is 1 or 2, $"step {step} at {i}");
        }
    }

    [Fact]
    public void Sample_LowTemperature_PicksTheMostProbable()
    {
        float[] probabilities = [0.1f, 0.5f, 0.4f];
        var random = new Random(2);
        var picks = Enumerable.Range(0, 200).Select(_ => TextGenerator.Sample(probabilities, new int[3], 0.05, random)).ToArray();

        Assert.True(picks.Count(pick => pick == 1) > 190, "0.5^20 vs 0.4^20: the top class wins almost always");
    }

    [Fact]
    public void Sample_TemperatureOne_FollowsTheProbabilities()
    {
        float[] probabilities = [0.2f, 0.8f];
        var random = new Random(5);
        int ones = Enumerable.Range(0, 10_000).Count(_ => TextGenerator.Sample(probabilities, new int[2], 1.0, random) == 1);

        Assert.InRange(ones, 7_800, 8_200); // 8,000 expected; 4 standard deviations is about 160
    }

    [Fact]
    public void Generate_InvalidOptions_NameEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new TextGenerator(new ShiftScorer(4)).Generate(new GenerationOptions { Length = -1, TopK = 0, Temperature = 0 }));

        Assert.Contains("Length", error.Message, StringComparison.Ordinal);
        Assert.Contains("TopK", error.Message, StringComparison.Ordinal);
        Assert.Contains("Temperature", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Scores the code after the window's last character highest, the one after that second, and so on.</summary>
    private sealed class ShiftScorer(int windowSize) : ICharacterScorer
    {
        public List<string> Windows { get; } = [];

        public CharacterVocabulary Vocabulary => CharacterVocabulary.Ascii;

        public int WindowSize { get; } = windowSize;

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            Windows.Add(Vocabulary.Decode(context.ToArray()));
            int last = context[^1];
            float total = 0;
            for (int id = 0; id < probabilities.Length; id++)
            {
                int distance = (id - last + 128) % 128;
                probabilities[id] = distance == 0 ? 0 : 1f / (distance * distance);
                total += probabilities[id];
            }
            for (int id = 0; id < probabilities.Length; id++)
            {
                probabilities[id] /= total;
            }
        }
    }
}
