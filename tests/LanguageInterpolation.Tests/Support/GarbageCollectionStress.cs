using Xunit;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Tests that force garbage collections without pause run alone, so they slow no other test.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class GarbageCollectionStress
{
    /// <summary>The collection's name.</summary>
    public const string Collection = "garbage collection stress";
}
