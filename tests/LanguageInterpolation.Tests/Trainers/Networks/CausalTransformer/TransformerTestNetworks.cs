using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;

/// <summary>Tiny instances of the three causal transformer types, with every layer-norm gain and bias moved off
/// its initial 1 / 0 so that tests see trained-looking values.</summary>
internal static class TransformerTestNetworks
{
    public const int Window = 5;

    /// <summary>A low-order transformer with the fixed sinusoidal position table instead of a learned one.</summary>
    public const string Sinusoidal = "transformer with sinusoidal positions";

    /// <summary>A high-order transformer with rotary positions (queries and keys turned by position).</summary>
    public const string Rotary = "high_order_transformer with rotary positions";

    public static TheoryData<string> Types() => [TransformerConfig.TypeName, HighOrderInputTransformerConfig.TypeName, HighOrderTransformerConfig.TypeName, Sinusoidal, Rotary];

    public static CausalTransformerConfig Config(string type, int classes) => (CausalTransformerConfig)(type switch
    {
        TransformerConfig.TypeName => (CausalTransformerConfig)new TransformerConfig { Width = 8, Heads = 2, Blocks = 2, FeedForwardMultiple = 2 },
        Rotary => new HighOrderTransformerConfig { Width = 8, Heads = 2, Blocks = 2, FeedForwardMultiple = 2, InputSegments = 7, BlockNodes = 3, BlockSegments = 2, Positions = PositionEncoding.Rotary },
        Sinusoidal => new TransformerConfig { Width = 8, Heads = 2, Blocks = 2, FeedForwardMultiple = 2, Positions = PositionEncoding.Sinusoidal },
        HighOrderInputTransformerConfig.TypeName => new HighOrderInputTransformerConfig { Width = 8, Heads = 2, Blocks = 2, FeedForwardMultiple = 2, InputSegments = 7 },
        HighOrderTransformerConfig.TypeName => new HighOrderTransformerConfig { Width = 8, Heads = 4, Blocks = 2, FeedForwardMultiple = 2, InputSegments = 7, BlockNodes = 3, BlockSegments = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown test transformer."),
    }).WithShape(Window, classes);

    public static CausalTransformerNetwork Build(string type, int classes, int seed = 42)
    {
        TorchTestSettings.UseOneThread();
        using var generator = new Generator((ulong)seed);
        var network = (CausalTransformerNetwork)Config(type, classes).Build(generator);
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                if (name.Contains("norm", StringComparison.Ordinal))
                {
                    parameter.add_(rand(parameter.shape, generator: generator) - Held(0.5), One);
                }
            }
        }
        network.eval();
        return network;
    }

    public static long[] RandomIds(int rows, int seed, int classes)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * Window).Select(_ => (long)random.Next(0, classes)).ToArray();
    }
}
