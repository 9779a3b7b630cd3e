using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Generates text one character at a time: take the last N characters (the prompt padded on the left
/// with spaces when shorter), score them, keep the k most probable characters, sample one with
/// probability proportional to p^(1/temperature), append it, slide the window. k = 1 is greedy; the same
/// seed gives the same text. Prompt characters outside the vocabulary are transliterated first.
/// </summary>
public sealed class TextGenerator
{
    private readonly ICharacterScorer _scorer;

    /// <summary>Creates a generator over a scorer.</summary>
    public TextGenerator(ICharacterScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        _scorer = scorer;
    }

    /// <summary>Returns the generated continuation (without the prompt).</summary>
    public string Generate(GenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CharacterVocabulary vocabulary = _scorer.Vocabulary;
        int windowSize = _scorer.WindowSize;
        int spaceId = vocabulary.TryGetId(' ', out int space) ? space : vocabulary.FallbackId;
        int[] prompt = vocabulary.Encode(options.Prompt).Ids;
        var history = new List<int>(windowSize + options.Length);
        history.AddRange(Enumerable.Repeat(spaceId, Math.Max(0, windowSize - prompt.Length)));
        history.AddRange(prompt);
        var random = new Random(options.Seed);
        var probabilities = new float[vocabulary.Count];
        var candidates = new int[Math.Min(options.TopK, vocabulary.Count)];
        var generated = new int[options.Length];
        int[] window = new int[windowSize];
        for (int step = 0; step < options.Length; step++)
        {
            history.CopyTo(history.Count - windowSize, window, 0, windowSize);
            _scorer.Score(window, probabilities);
            int next = Sample(probabilities, candidates, options.Temperature, random);
            generated[step] = next;
            history.Add(next);
        }
        return vocabulary.Decode(generated);
    }

    /// <summary>Picks a class among the top-k of <paramref name="probabilities"/>; exposed for tests.</summary>
    public static int Sample(ReadOnlySpan<float> probabilities, Span<int> candidates, double temperature, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int k = TopIndices(probabilities, candidates);
        if (k == 1)
        {
            return candidates[0];
        }
        Span<double> weights = stackalloc double[k];
        double total = 0;
        for (int i = 0; i < k; i++)
        {
            double p = Math.Max(probabilities[candidates[i]], 0);
            weights[i] = temperature == 1.0 ? p : Math.Pow(p, 1.0 / temperature);
            total += weights[i];
        }
        if (!(total > 0))
        {
            return candidates[0];
        }
        double draw = random.NextDouble() * total;
        for (int i = 0; i < k; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return candidates[i];
            }
        }
        return candidates[k - 1];
    }

    // Partial selection of the k largest, most probable first; ties keep the lower id first.
    private static int TopIndices(ReadOnlySpan<float> probabilities, Span<int> candidates)
    {
        int k = candidates.Length;
        int filled = 0;
        for (int id = 0; id < probabilities.Length; id++)
        {
            float p = float.IsNaN(probabilities[id]) ? float.NegativeInfinity : probabilities[id];
            if (filled == k && p <= probabilities[candidates[k - 1]])
            {
                continue;
            }
            int position = filled < k ? filled++ : k - 1;
            while (position > 0 && p > probabilities[candidates[position - 1]])
            {
                candidates[position] = candidates[position - 1];
                position--;
            }
            candidates[position] = id;
        }
        return filled;
    }
}
