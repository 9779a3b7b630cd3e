using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Refinement;
using LanguageInterpolation.Trainers.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Refinement;

public class NetworkRefinementTests
{
    // Refinement resamples polynomials exactly; what remains is float32 rounding of the resampled weights and of the
    // forward pass (about 1e-7 relative on logits of order 1-10), so 1e-5 on probabilities leaves a wide margin while
    // any wrong node placement or segment mapping moves probabilities by 1e-2 or more.
    private const double Tolerance = 1e-5;

    private static HighOrderMlpConfig Mlp(LinkKind hiddenKind = LinkKind.Discontinuous, OutOfRangePolicy range = OutOfRangePolicy.Extrapolate) => new()
    {
        WindowSize = 8,
        VocabularySize = 128,
        HiddenWidth = 12,
        HiddenLayers = 2,
        InputKind = LinkKind.Continuous,
        InputNodes = 2,
        InputSegments = 128,
        HiddenKind = hiddenKind,
        HiddenNodes = 2,
        HiddenSegments = 4,
        OutputKind = LinkKind.Discontinuous,
        OutputNodes = 2,
        OutputSegments = 4,
        Range = range,
    };

    // The default policy extrapolates the edge segments' polynomials for hidden activations outside [-1, 1] (layer
    // norm outputs reach about 3): exact in exact arithmetic, but float32 rounding grows like |t|^(n-1) there, so the
    // default policy is checked up to n = 4 (measured: at most 3e-7) and the clamped one up to n = 5 (5e-8).
    [Theory]
    [InlineData(3, null, null, OutOfRangePolicy.Extrapolate)]
    [InlineData(4, null, null, OutOfRangePolicy.Extrapolate)]
    [InlineData(null, 8, null, OutOfRangePolicy.Extrapolate)]
    [InlineData(2, 16, null, OutOfRangePolicy.Extrapolate)]
    [InlineData(3, 12, 256, OutOfRangePolicy.Extrapolate)]
    [InlineData(5, null, null, OutOfRangePolicy.Clamp)]
    [InlineData(5, 8, null, OutOfRangePolicy.Clamp)]
    [InlineData(3, 12, 256, OutOfRangePolicy.Clamp)]
    public void Refine_HighOrderMlp_KeepsProbabilitiesOnRealWindows(int? nodes, int? segments, int? inputSegments, OutOfRangePolicy range)
    {
        using LanguageNetwork network = Trained(Mlp(range: range));
        var options = new RefinementOptions { Nodes = nodes, Segments = segments, InputSegments = inputSegments };

        using LanguageNetwork refined = NetworkRefinement.Refine(network, options);

        var config = Assert.IsType<HighOrderMlpConfig>(refined.Config);
        Assert.Equal((nodes ?? 2, nodes ?? 2, nodes ?? 2), (config.InputNodes, config.HiddenNodes, config.OutputNodes));
        Assert.Equal((inputSegments ?? 128, segments ?? 4, segments ?? 4), (config.InputSegments, config.HiddenSegments, config.OutputSegments));
        Assert.True(refined.ParameterCount > network.ParameterCount);
        Assert.InRange(MaxProbabilityDifference(network, refined), 0.0, Tolerance);
    }

    [Fact]
    public void Refine_ContinuousHiddenLayers_KeepsProbabilities()
    {
        using LanguageNetwork network = Trained(Mlp(LinkKind.Continuous) with { Residual = true });

        using LanguageNetwork refined = NetworkRefinement.Refine(network, new RefinementOptions { Nodes = 4, Segments = 8 });

        Assert.InRange(MaxProbabilityDifference(network, refined), 0.0, Tolerance);
    }

    [Theory]
    [InlineData(LayerKind.LinkProduct)]
    [InlineData(LayerKind.Switch)]
    [InlineData(LayerKind.Product)]
    public void Refine_OtherHiddenLayerKinds_KeepsKindAndProbabilities(LayerKind kind)
    {
        // Product links and switch branches are high-order layers refined like any other (the switch's branches
        // by their module names); the product layer has no segments and is copied unchanged.
        using LanguageNetwork network = Trained(Mlp(LinkKind.Continuous) with { HiddenLayerKind = kind });

        using LanguageNetwork refined = NetworkRefinement.Refine(network, new RefinementOptions { Nodes = 3, Segments = 8 });

        Assert.Equal(kind, ((HighOrderMlpConfig)refined.Config).HiddenLayerKind);
        Assert.InRange(MaxProbabilityDifference(network, refined), 0.0, Tolerance);
    }

    [Fact]
    public void Refine_HighOrderInputMlp_KeepsProbabilities()
    {
        var config = new HighOrderInputMlpConfig { WindowSize = 8, VocabularySize = 128, HiddenWidth = 12, HiddenLayers = 2, InputSegments = 64 };
        using LanguageNetwork network = Trained(config);

        using LanguageNetwork refined = NetworkRefinement.Refine(network, new RefinementOptions { Nodes = 3, InputSegments = 128 });

        Assert.Equal((3, 128), (((HighOrderInputMlpConfig)refined.Config).InputNodes, ((HighOrderInputMlpConfig)refined.Config).InputSegments));
        Assert.InRange(MaxProbabilityDifference(network, refined), 0.0, Tolerance);
    }

    [Fact]
    public void Refine_LeavesTheOriginalUnchanged()
    {
        using LanguageNetwork network = Trained(Mlp());
        var before = network.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.clone());

        using LanguageNetwork refined = NetworkRefinement.Refine(network, new RefinementOptions { Nodes = 3, Segments = 8 });

        Assert.All(network.state_dict(), pair => Assert.True(pair.Value.allclose(before[pair.Key], rtol: 0, atol: 0), pair.Key));
        Assert.Equal(2, ((HighOrderMlpConfig)network.Config).HiddenNodes);
    }

    [Fact]
    public void Refine_LowerN_FailsNamingTheLayers()
    {
        using LanguageNetwork network = (Mlp() with { HiddenNodes = 3 }).Build();

        var error = Assert.Throws<ArgumentException>(() => NetworkRefinement.Refine(network, new RefinementOptions { Nodes = 2 }));

        Assert.Equal("Refinement to n = 2 would lower n in the hidden layers (n = 3) and change the function. Refinement only raises n.", error.Message);
    }

    [Fact]
    public void Refine_SegmentsNotAMultiple_FailsNamingTheLayerWithoutInternals()
    {
        using LanguageNetwork network = Mlp().Build();

        var error = Assert.Throws<ArgumentException>(() => NetworkRefinement.Refine(network, new RefinementOptions { Segments = 6 }));

        Assert.StartsWith("Layer 'hidden0': Cannot refine 4 segments into 6", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refine_SegmentsOfHighOrderInputMlp_PointsToInputSegments()
    {
        using LanguageNetwork network = new HighOrderInputMlpConfig { WindowSize = 8, VocabularySize = 128, HiddenWidth = 4 }.Build();

        var error = Assert.Throws<ArgumentException>(() => NetworkRefinement.Refine(network, new RefinementOptions { Segments = 4 }));

        Assert.Contains(nameof(RefinementOptions.InputSegments), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refine_ReluMlp_SaysItHasNoHighOrderLayers()
    {
        using LanguageNetwork network = new ReluMlpConfig { WindowSize = 8, VocabularySize = 128 }.Build();

        var error = Assert.Throws<NotSupportedException>(() => NetworkRefinement.Refine(network, new RefinementOptions { Nodes = 3 }));

        Assert.Equal("A relu_mlp network has no high-order layers to refine.", error.Message);
    }

    [Fact]
    public void Validate_NothingToRefine_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => new RefinementOptions().Validate());

        Assert.Contains("nothing to refine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveCounts_NamesEveryField()
    {
        var error = Assert.Throws<ArgumentException>(() => new RefinementOptions { Nodes = 0, Segments = -1, InputSegments = 0 }.Validate());

        Assert.Contains("Nodes must be at least 1 (got 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Segments must be at least 1 (got -1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("InputSegments must be at least 1 (got 0)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A network with non-trivial weights everywhere: a few training steps on real windows, so that the
    /// layer norms' scales and shifts also move away from 1 and 0.</summary>
    private static LanguageNetwork Trained(NetworkConfig config)
    {
        using var generator = new Generator(7);
        LanguageNetwork network = config.Build(generator);
        (TrainingData train, TrainingData validation) = WindowTensors.Dunwich(characters: 3_000, windowSize: 8);
        using (train)
        using (validation)
        {
            new TrainingLoop(network, new TrainingOptions { MaxEpochs = 2, BatchSize = 64, Threads = 1, Seed = 3 }).Run(train);
        }
        network.eval();
        return network;
    }

    private static double MaxProbabilityDifference(LanguageNetwork original, LanguageNetwork refined)
    {
        (TrainingData windows, TrainingData validation) = WindowTensors.Dunwich(characters: 3_000, windowSize: 8);
        using (windows)
        using (validation)
        using (no_grad())
        {
            using Tensor before = original.call(windows.ContextSlice(0, windows.Rows)).softmax(1);
            using Tensor after = refined.call(windows.ContextSlice(0, windows.Rows)).softmax(1);
            return (before - after).abs().max().item<float>();
        }
    }
}
