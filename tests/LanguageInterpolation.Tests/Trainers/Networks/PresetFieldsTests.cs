using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Trainers.Networks;

public sealed class PresetFieldsTests
{
    private const string Small = """
        {
          "name": "typo", "description": "for the tests",
          "network": { "type": "high_order_mlp", "hidden_width": 12 },
          "training": { "optimizer": { "kind": "Lion", "learning_rate": 0.001 }, "batch_size": 256 }
        }
        """;

    [Fact]
    public void Parse_KnownFieldsOnly_Reads()
    {
        NetworkPreset preset = NetworkPresets.Parse(Small, "test");

        Assert.Equal(12, ((HighOrderMlpConfig)preset.Network).HiddenWidth);
    }

    [Theory]
    [InlineData("\"hidden_width\"", "\"hiden_width\"", "network.hiden_width", "network.hidden_width")]
    [InlineData("\"batch_size\"", "\"batchsize\"", "training.batchsize", "training.batch_size")]
    [InlineData("\"learning_rate\"", "\"lr\"", "training.optimizer.lr", "training.optimizer.kind")]
    [InlineData("\"description\"", "\"descripton\"", "descripton", "description")]
    public void Parse_UnknownField_NamesItAndTheClosestKnownOne(string field, string typo, string path, string closest)
    {
        string json = Small.Replace(field, typo, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => NetworkPresets.Parse(json, "typo.json"));

        Assert.Equal($"Not a valid preset: typo.json (unknown field '{path}'; did you mean '{closest}'?)", error.Message);
    }

    [Fact]
    public void Load_EveryShippedPreset_HasNoUnknownField()
    {
        foreach (string name in NetworkPresets.Names)
        {
            Assert.Equal(name, NetworkPresets.Load(name).Name);
        }
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("hiden_width", "hidden_width", 1)]
    [InlineData("abc", "", 3)]
    [InlineData("", "ab", 2)]
    [InlineData("flaw", "lawn", 2)]
    public void EditDistance_KnownPairs_IsTheLevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, PresetFields.EditDistance(a, b));
        Assert.Equal(expected, PresetFields.EditDistance(b, a));
    }

    [Theory]
    [InlineData("max_epoch", "training.max_epochs")]           // a tail of the path
    [InlineData("network.hiden_width", "network.hidden_width")] // the whole path
    [InlineData("optimizer.kin", "training.optimizer.kind")]
    public void Closest_Typo_FindsTheIntendedPath(string typo, string expected)
    {
        string[] known = ["name", "network.hidden_width", "network.hidden_layers", "training.max_epochs", "training.optimizer.kind", "training.schedule.kind"];

        Assert.Equal(expected, PresetFields.Closest(typo, known));
    }

    [Theory]
    [InlineData("network.hidden_segments", typeof(int))]                        // a field of the preset's own network type
    [InlineData("network.normalization", typeof(LanguageInterpolation.Trainers.Layers.NormalizationKind))]
    [InlineData("training.time_budget", typeof(TimeSpan))]                       // TimeSpan?, unwrapped
    [InlineData("training.optimizer.learning_rate", typeof(double))]
    [InlineData("network.nothing", null)]
    public void FieldType_Path_IsThePropertysType(string path, Type? expected)
    {
        Assert.Equal(expected, PresetFields.FieldType(NetworkPresets.Load("small"), path));
    }
}
