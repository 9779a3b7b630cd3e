namespace LanguageInterpolation.Pipelines.Search;

/// <summary>What the rungs of the successive halving count.</summary>
public enum RungUnit
{
    /// <summary>Epochs: reproducible (same seed and threads, same results) and independent of the machine's
    /// load; a promoted trial resumes from its checkpoint exactly as if it had never stopped.</summary>
    Epochs,

    /// <summary>Training seconds: every trial gets the same time, so fast and slow networks compete at equal
    /// cost (the question "which is best after ten minutes"); results depend on the machine's speed and load.</summary>
    Seconds,
}
