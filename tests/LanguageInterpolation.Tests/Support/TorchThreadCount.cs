using Xunit;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Tests that set libtorch's process-wide thread count run alone, so no other test changes it under them.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class TorchThreadCount
{
    /// <summary>The collection's name.</summary>
    public const string Collection = "torch thread count";
}
