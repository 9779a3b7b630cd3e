namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>How far data preparation (reading, encoding, windowing a corpus) has got.</summary>
/// <param name="Stage">What is being done: "reading", "encoding", "counting"...</param>
/// <param name="Document">The book being worked on.</param>
/// <param name="Done">Units done in this stage (characters or bytes).</param>
/// <param name="Total">Units of this stage in all.</param>
public sealed record PreparationProgress(string Stage, string Document, long Done, long Total)
{
    /// <summary>Share done, in [0, 1].</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Done / Total, 0, 1);
}
