using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// The language cellular automaton (the original's <c>data.type=centered</c>, <c>data.reapply</c>, whose example
/// script was broken): a centered model, which predicts a character from the N/2 characters on its left and the
/// N - N/2 on its right, is applied to every position of a text at once, like a stencil, and the rewritten text is
/// fed back for the next step. Any text length works. The ends are padded with spaces (the character the
/// generator pads prompts with), so a position near an end reads spaces where the text has no neighbour. Every
/// step reads only the previous step's text (a synchronous update); sampling (top-k above 1) draws from one
/// seeded generator, position by position, so the same seed gives the same steps. With
/// <see cref="AutomatonOptions.RewriteBelow"/> under 1, a position the model finds plausible keeps its character
/// (repair instead of rewrite); with <see cref="AutomatonOptions.CorruptionPrior"/>, a position keeps its character
/// unless another is a-posteriori more likely the original under that corruption rate.
/// </summary>
public sealed class LanguageAutomaton
{
    private readonly ICharacterScorer _scorer;

    /// <summary>Creates an automaton over a centered model's scorer.</summary>
    /// <exception cref="ArgumentException">The model's window is shorter than 2 (no left and right context).</exception>
    public LanguageAutomaton(ICharacterScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (scorer.WindowSize < 2)
        {
            throw new ArgumentException($"A centered model needs a window of at least 2 characters, got {scorer.WindowSize}.", nameof(scorer));
        }
        _scorer = scorer;
    }

    /// <summary>Characters each position reads on its left, N/2.</summary>
    public int LeftContext => _scorer.WindowSize / 2;

    /// <summary>Characters each position reads on its right, N - N/2 (the extra one of an odd window).</summary>
    public int RightContext => _scorer.WindowSize - LeftContext;

    /// <summary>Rewrites <paramref name="text"/> <see cref="AutomatonOptions.Steps"/> times.</summary>
    /// <returns>The text after each step (the input is not included); characters outside the vocabulary are
    /// transliterated first, as for generation.</returns>
    public IReadOnlyList<string> Run(string text, AutomatonOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CharacterVocabulary vocabulary = _scorer.Vocabulary;
        int space = vocabulary.TryGetId(' ', out int spaceId) ? spaceId : vocabulary.FallbackId;
        int[] current = vocabulary.Encode(text).Ids;
        var random = new Random(options.Seed);
        var probabilities = new float[vocabulary.Count];
        var candidates = new int[Math.Min(options.TopK, vocabulary.Count)];
        var window = new int[_scorer.WindowSize];
        var steps = new List<string>(options.Steps);
        for (int step = 0; step < options.Steps; step++)
        {
            var next = new int[current.Length];
            for (int position = 0; position < current.Length; position++)
            {
                FillWindow(current, position, space, window);
                _scorer.Score(window, probabilities);
                next[position] = Keeps(probabilities, current[position], options)
                    ? current[position]
                    : TextGenerator.Sample(probabilities, candidates, options.Temperature, random);
            }
            current = next;
            steps.Add(vocabulary.Decode(current));
        }
        return steps;
    }

    // Whether a position keeps its character c: the model finds it plausible (p(c) at least RewriteBelow), or, under a
    // corruption prior ρ, no other character x is the likelier original: p(x)·ρ/(V - 1) <= p(c)·(1 - ρ).
    private static bool Keeps(float[] probabilities, int character, AutomatonOptions options)
    {
        if (options.RewriteBelow < 1 && probabilities[character] >= options.RewriteBelow)
        {
            return true;
        }
        if (options.CorruptionPrior is not double prior)
        {
            return false;
        }
        float best = 0;
        for (int other = 0; other < probabilities.Length; other++)
        {
            if (other != character && probabilities[other] > best)
            {
                best = probabilities[other];
            }
        }
        return best * prior / (probabilities.Length - 1) <= probabilities[character] * (1 - prior);
    }

    /// <summary>The centered window of <paramref name="position"/>: the <see cref="LeftContext"/> characters before it
    /// and the <see cref="RightContext"/> after it (not the character itself), spaces beyond the ends.</summary>
    private void FillWindow(int[] text, int position, int space, int[] window)
    {
        int left = LeftContext;
        for (int offset = 0; offset < left; offset++)
        {
            int source = position - left + offset;
            window[offset] = source >= 0 ? text[source] : space;
        }
        for (int offset = 0; offset < RightContext; offset++)
        {
            int source = position + 1 + offset;
            window[left + offset] = source < text.Length ? text[source] : space;
        }
    }
}
