using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public class NetworkPresetsTests
{
    private const int Window = 16;
    private const int AsciiClasses = 128;

    // The original's parameter counts (seed-study §2.3, for 16-character windows and 128 classes) count
    // only link weights and Linear layers: its layer norm was created lazily after the optimiser and never
    // trained. Ours has a trainable gain and bias per normalised unit (2 x width per normalisation), so
    // the expected count is the original's plus exactly that difference.
    [Theory]
    [InlineData("small", 44_320, 3, 10)]                 // 3 normalisations of width 10
    [InlineData("large_single_layer", 799_500, 2, 250)]  // 2 of width 250
    [InlineData("large_double_layer", 987_000, 3, 250)]  // 3 of width 250
    [InlineData("large_standard", 1_118_878, 2, 250)]    // after the input layer and inside the ReLU MLP
    public void Preset_ParameterCount_IsTheOriginalsPlusTrainableLayerNorms(string name, long original, int normalizations, int width)
    {
        NetworkPreset preset = NetworkPresets.Load(name);
        NetworkConfig config = preset.Network.WithShape(Window, AsciiClasses);

        long layerNormParameters = 2L * width * normalizations;
        Assert.Equal(original + layerNormParameters, config.ParameterCount());
        using var network = config.Build();
        Assert.Equal(original + layerNormParameters, network.ParameterCount);
    }

    [Fact]
    public void Small_Preset_HasTheOriginalsLayerStack()
    {
        var config = Assert.IsType<HighOrderMlpConfig>(NetworkPresets.Load("small").Network).WithShape(Window, AsciiClasses);
        var mlp = (HighOrderMlpConfig)config;

        Assert.Equal((LinkKind.Continuous, 2, 128, 16, 10), (mlp.InputLayer().Kind, mlp.InputLayer().Nodes, mlp.InputLayer().Segments, mlp.InputLayer().InFeatures, mlp.InputLayer().OutFeatures));
        Assert.Equal((LinkKind.Discontinuous, 2, 8, 10, 10), (mlp.HiddenLayer().Kind, mlp.HiddenLayer().Nodes, mlp.HiddenLayer().Segments, mlp.HiddenLayer().InFeatures, mlp.HiddenLayer().OutFeatures));
        Assert.Equal(2, mlp.HiddenLayers);
        Assert.Equal((LinkKind.Discontinuous, 10, 128), (mlp.OutputLayer().Kind, mlp.OutputLayer().InFeatures, mlp.OutputLayer().OutFeatures));
    }

    [Fact]
    public void Presets_ShipTheOriginalsTrainingSettings()
    {
        var small = NetworkPresets.Load("small").Training;
        var large = NetworkPresets.Load("large_single_layer").Training;

        Assert.Equal((OptimizerKind.Lion, 1e-3, 256), (small.Optimizer.Kind, small.Optimizer.LearningRate, small.BatchSize));
        Assert.Equal((OptimizerKind.Lion, 1e-4, 1000), (large.Optimizer.Kind, large.Optimizer.LearningRate, large.BatchSize));
    }

    [Fact]
    public void Names_ListEveryShippedPreset()
    {
        Assert.Equal(["dual_convolution_large", "embedding_bag_mlp", "high_order_conv", "high_order_input_transformer_cpu", "high_order_mamba", "high_order_mamba_cpu", "high_order_product", "high_order_switch", "high_order_tail_focus", "high_order_transformer_cpu", "large_double_layer", "large_single_layer", "large_standard", "large_standard_regularized", "large_standard_small_corpus", "mamba", "mamba_cpu", "relu_mlp", "small", "transformer_cpu", "transformer_seed"], NetworkPresets.Names);
    }

    [Fact]
    public void Load_UnknownName_ListsTheShippedPresets()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkPresets.Load("huge"));

        Assert.Contains("Unknown preset 'huge'", error.Message, StringComparison.Ordinal);
        Assert.Contains("large_single_layer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveThenLoad_PresetFile_RoundTrips()
    {
        string path = Path.Combine(Support.TestData.NewScratchFolder(), "mine.json");
        NetworkPreset original = NetworkPresets.Load("small") with { Name = "mine" };

        NetworkPresets.Save(original, path);
        NetworkPreset loaded = NetworkPresets.Load(path);

        Assert.Equal(NetworkJson.Serialize(original.Network), NetworkJson.Serialize(loaded.Network));
        Assert.Equal(original.Training.Optimizer, loaded.Training.Optimizer);
        Assert.Equal("mine", loaded.Name);
    }

    [Fact]
    public void Load_BrokenFile_NamesTheFile()
    {
        string path = Path.Combine(Support.TestData.NewScratchFolder(), "broken.json");
        File.WriteAllText(path, "{ \"name\": \"x\", \"network\": { \"type\": \"warp_drive\" } }");

        var error = Assert.Throws<InvalidDataException>(() => NetworkPresets.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
