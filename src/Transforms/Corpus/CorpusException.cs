namespace LanguageInterpolation.Transforms.Corpus;

/// <summary>A corpus source cannot be read: missing, empty, binary, or not downloadable.</summary>
public sealed class CorpusException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public CorpusException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CorpusException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
