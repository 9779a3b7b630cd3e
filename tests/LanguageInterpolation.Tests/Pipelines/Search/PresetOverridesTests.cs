using LanguageInterpolation.Trainers.Presets;
using System.Text.Json.Nodes;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

public sealed class PresetOverridesTests
{
    private static readonly NetworkPreset Small = NetworkPresets.Load("small");

    [Fact]
    public void Apply_NestedFields_SetsThemAndKeepsTheRest()
    {
        NetworkPreset changed = PresetOverrides.Apply(Small,
        [
            new("network.hidden_width", JsonValue.Create(32)),
            new("network.normalization", JsonValue.Create("MaxAbs")),
            new("training.optimizer.learning_rate", JsonValue.Create(0.005)),
            new("training.optimizer.kind", JsonValue.Create("Adam")),
        ], name: "renamed");

        var network = Assert.IsType<HighOrderMlpConfig>(changed.Network);
        var original = (HighOrderMlpConfig)Small.Network;
        Assert.Equal("renamed", changed.Name);
        Assert.Equal(32, network.HiddenWidth);
        Assert.Equal(NormalizationKind.MaxAbs, network.Normalization);
        Assert.Equal(original with { HiddenWidth = 32, Normalization = NormalizationKind.MaxAbs }, network);
        Assert.Equal(OptimizerKind.Adam, changed.Training.Optimizer.Kind);
        Assert.Equal(0.005, changed.Training.Optimizer.LearningRate);
        Assert.Equal(Small.Training.BatchSize, changed.Training.BatchSize);
    }

    [Fact]
    public void Fields_Small_ListsNetworkAndTrainingLeaves()
    {
        IReadOnlyList<string> fields = PresetOverrides.Fields(Small);

        Assert.Contains("network.hidden_width", fields);
        Assert.Contains("network.input_segments", fields);
        Assert.Contains("training.optimizer.learning_rate", fields);
        Assert.Contains("training.schedule.kind", fields);
        Assert.Contains("training.batch_size", fields);
        Assert.DoesNotContain("network.type", fields);
        Assert.DoesNotContain("network.input_width", fields);
        Assert.DoesNotContain("training.seed", fields);
        Assert.DoesNotContain("training.max_epochs", fields);
        Assert.DoesNotContain("network", fields);
    }

    [Theory]
    [InlineData("network.type", "not a searchable field")]
    [InlineData("training.max_epochs", "rungs set max_epochs")]
    [InlineData("network", "is a group of fields")]
    [InlineData("network.hidden_width.x", "is a value, not a group")]
    [InlineData("training.optimiser.learning_rate", "fields under training:")]
    public void Apply_BadPath_ThrowsNamingIt(string path, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => PresetOverrides.Apply(Small, [new(path, JsonValue.Create(1))]));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
