namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>Reports progress on the caller's thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
