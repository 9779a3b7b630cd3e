namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>Seeded character corruption and the character error rate, to measure how well a
/// <see cref="LanguageAutomaton"/> repairs text.</summary>
public static class TextCorruption
{
    /// <summary>Replaces <c>round(fraction · length)</c> distinct positions, chosen with <paramref name="seed"/>, by a
    /// different character drawn from <paramref name="alphabet"/>.</summary>
    /// <exception cref="ArgumentException">The fraction is outside [0, 1] or the alphabet has fewer than 2 characters.</exception>
    public static string Corrupt(string text, double fraction, string alphabet, int seed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(alphabet);
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentException($"The corrupted fraction must be between 0 and 1, got {fraction}.", nameof(fraction));
        }
        if (alphabet.Distinct().Count() < 2)
        {
            throw new ArgumentException("The replacement alphabet needs at least 2 different characters.", nameof(alphabet));
        }
        var random = new Random(seed);
        char[] characters = text.ToCharArray();
        int count = (int)Math.Round(fraction * text.Length);
        foreach (int position in Enumerable.Range(0, text.Length).OrderBy(_ => random.Next()).Take(count).Order())
        {
            char replacement;
            do
            {
                replacement = alphabet[random.Next(alphabet.Length)];
            }
            while (replacement == characters[position]);
            characters[position] = replacement;
        }
        return new string(characters);
    }

    /// <summary>The share of positions where two texts of equal length differ (substitutions only: the automaton
    /// never inserts or deletes).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double CharacterErrorRate(string reference, string text)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(text);
        if (reference.Length != text.Length)
        {
            throw new ArgumentException($"Texts of different lengths ({reference.Length} and {text.Length}).", nameof(text));
        }
        return reference.Length == 0 ? 0 : (double)reference.Zip(text).Count(pair => pair.First != pair.Second) / reference.Length;
    }
}
