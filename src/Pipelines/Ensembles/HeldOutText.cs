namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Which part of every member's source is validation text (the mixing parameters are fitted on it) and which is
/// test text (<c>li ensemble evaluate</c> measures on it): the same held-out blocks <c>li train</c> cut from the
/// book, so that no member has seen the text it is measured on.
/// </summary>
public sealed record HeldOutText
{
    /// <summary>Share of every book held out for validation, as in <c>li train --validation-fraction</c>.</summary>
    /// <value>0.1</value>
    public double ValidationFraction { get; init; } = EnsembleDefaults.ValidationFraction;

    /// <summary>Share of every book held out for the test, as in <c>li train --test-fraction</c>.</summary>
    /// <value>0.1</value>
    public double TestFraction { get; init; } = EnsembleDefaults.TestFraction;

    /// <summary>Only the first characters of every book were used for training (<c>li train --max-chars</c>); null for all.</summary>
    public int? MaxCharacters { get; init; }

    /// <summary>At most this many characters of each block are scored (the first ones), so that fitting stays fast.</summary>
    /// <value>20,000</value>
    public int MaxBlockCharacters { get; init; } = EnsembleDefaults.MaxBlockCharacters;

    /// <summary>Throws a one-line error naming the bad field.</summary>
    /// <exception cref="InvalidDataException">A fraction outside (0, 1), fractions summing to 1 or more, or a
    /// non-positive character count.</exception>
    public void Validate()
    {
        if (ValidationFraction is <= 0 or >= 1 || TestFraction is <= 0 or >= 1 || ValidationFraction + TestFraction >= 1)
        {
            throw new InvalidDataException($"Held-out fractions must be in (0, 1) and sum to less than 1 (validation {ValidationFraction}, test {TestFraction}).");
        }
        if (MaxCharacters is <= 0 || MaxBlockCharacters <= 0)
        {
            throw new InvalidDataException("Held-out character counts (max characters, max block characters) must be positive.");
        }
    }
}
