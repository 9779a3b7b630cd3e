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
        Assert.DoesNotContain("network.window_size", fields);
        Assert.DoesNotContain("training.seed", fields);
        Assert.DoesNotContain("training.max_epochs", fields);
        Assert.DoesNotContain("network", fields);
    }

    [Theory]
    [InlineData("network.type", "not a searchable field")]
    [InlineData("training.max_epochs", "rungs set max_epochs")]
    [InlineData("network", "is a group of fields")]
    [InlineData("network.hidden_width.x", "is a value, not a group")]
    [InlineData("training.optimiser.learning_rate", "did you mean training.optimizer.learning_rate?")]
    public void Apply_BadPath_ThrowsNamingIt(string path, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => PresetOverrides.Apply(Small, [new(path, JsonValue.Create(1))]));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ParseAssignments_BareTrainingKeysAndTypedValues_ResolveAgainstThePreset()
    {
        var values = PresetOverrides.ParseAssignments(Small, ["max_epochs=3", "optimizer.kind=adam", "network.hidden_width=12", "description=a b", "training.gradient_clip_norm=0.5"]);

        Assert.Equal(["training.max_epochs", "training.optimizer.kind", "network.hidden_width", "description", "training.gradient_clip_norm"], values.Select(pair => pair.Key));
        Assert.Equal("3", values[0].Value!.ToJsonString());
        Assert.Equal("\"adam\"", values[1].Value!.ToJsonString());
        Assert.Equal("\"a b\"", values[3].Value!.ToJsonString());
        Assert.Equal("0.5", values[4].Value!.ToJsonString());
    }

    [Theory]
    [InlineData("hidden_width")]
    [InlineData("=3")]
    public void ParseAssignments_NoKeyOrNoEquals_Throws(string assignment)
    {
        var error = Assert.Throws<ArgumentException>(() => PresetOverrides.ParseAssignments(Small, [assignment]));

        Assert.Contains("--set expects key=value", error.Message);
    }

    [Fact]
    public void Apply_OptimizerKindAlone_TakesThatKindsDefaults()
    {
        NetworkPreset lion = Small with { Training = Small.Training with { Optimizer = new OptimizerOptions { Kind = OptimizerKind.Lion } } };

        NetworkPreset adam = PresetOverrides.Apply(lion, PresetOverrides.ParseAssignments(lion, ["optimizer.kind=adam"]), PresetOverrides.CommandLine);

        Assert.Equal(new OptimizerOptions { Kind = OptimizerKind.Adam }, adam.Training.Optimizer); // lr 1e-3, beta2 0.999
        Assert.Equal(0.999, adam.Training.Optimizer.Beta2);
    }

    [Fact]
    public void Apply_CommandLineRules_AllowWhatTheSearchFixesButNotTheSeed()
    {
        NetworkPreset changed = PresetOverrides.Apply(Small, PresetOverrides.ParseAssignments(Small, ["max_epochs=3", "name=mine"]), PresetOverrides.CommandLine);
        var error = Assert.Throws<ArgumentException>(() => PresetOverrides.Apply(Small, PresetOverrides.ParseAssignments(Small, ["seed=3"]), PresetOverrides.CommandLine));

        Assert.Equal(3, changed.Training.MaxEpochs);
        Assert.Equal("mine", changed.Name);
        Assert.StartsWith("training.seed: not settable with --set", error.Message);
    }

    [Theory]
    [InlineData("batch_size=many", "training.batch_size: \"many\" is not a whole number")]
    [InlineData("optimizer.learning_rate=fast", "training.optimizer.learning_rate: \"fast\" is not a number")]
    [InlineData("schedule.kind=Bogus", "training.schedule.kind: \"Bogus\" is not one of Constant, ReduceOnPlateau, Cosine, Exponential, BudgetCosine")]
    [InlineData("network.residual=maybe", "network.residual: \"maybe\" is not true or false")]
    public void Apply_BadValue_SaysWhatTheFieldTakes(string assignment, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => PresetOverrides.Apply(Small, PresetOverrides.ParseAssignments(Small, [assignment]), PresetOverrides.CommandLine));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ParseAssignments_TimeSpanInSeconds_BecomesThatTimeSpan()
    {
        NetworkPreset changed = PresetOverrides.Apply(Small, PresetOverrides.ParseAssignments(Small, ["time_budget=90"]), PresetOverrides.CommandLine);

        Assert.Equal(TimeSpan.FromSeconds(90), changed.Training.TimeBudget);
    }
}
