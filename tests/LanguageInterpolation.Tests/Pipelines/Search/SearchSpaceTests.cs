using LanguageInterpolation.Trainers.Presets;
using System.Text.Json.Nodes;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

public sealed class SearchSpaceTests
{
    internal const string Example = """
        {
          "base": "small",
          // comments are allowed
          "parameters": {
            "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 1e-4, "max": 1e-2 },
            "network.hidden_width": { "distribution": "int_log_uniform", "min": 4, "max": 16 },
            "network.hidden_segments": { "distribution": "choice", "values": [2, 4] },
            "network.normalization": { "distribution": "choice", "values": ["LayerNorm", "MaxAbs"] },
            "training.batch_size": { "distribution": "int_uniform", "min": 100, "max": 300 },
          }
        }
        """;

    private static readonly NetworkPreset Small = NetworkPresets.Load("small");

    [Fact]
    public void Parse_Example_ReadsBaseAndParametersInOrder()
    {
        SearchSpace space = SearchSpace.Parse(Example);

        Assert.Equal("small", space.BasePreset);
        Assert.Equal(["training.optimizer.learning_rate", "network.hidden_width", "network.hidden_segments", "network.normalization", "training.batch_size"],
            space.Parameters.Select(parameter => parameter.Path));
        Assert.Equal(SearchDistribution.LogUniform, space.Parameters[0].Distribution);
        Assert.Equal(1e-4, space.Parameters[0].Min);
        Assert.Equal(["LayerNorm", "MaxAbs"], space.Parameters[3].Values.Select(value => value!.GetValue<string>()));
        space.Validate(Small, windowSize: 8, vocabularySize: 60);
    }

    [Fact]
    public void Load_ShippedHighOrderSpace_FitsItsBasePreset()
    {
        SearchSpace space = SearchSpace.Load(Path.Combine(TestData.RepositoryRoot, "models", "search", "high_order_mlp.json"));

        Assert.Equal("small", space.BasePreset);
        Assert.Equal(10, space.Parameters.Count);
        space.Validate(NetworkPresets.Load(space.BasePreset!), windowSize: 16, vocabularySize: 128);
    }

    [Fact]
    public void Sample_SameSeedAndTrial_SameValuesWithinBounds()
    {
        SearchSpace space = SearchSpace.Parse(Example);

        var draws = Enumerable.Range(1, 200).Select(trial => space.Sample(seed: 5, trial)).ToList();

        Assert.Equal(Describe(space.Sample(5, 17)), Describe(draws[16]));
        Assert.NotEqual(Describe(space.Sample(6, 17)), Describe(draws[16]));
        Assert.All(draws, values =>
        {
            Assert.InRange(values["training.optimizer.learning_rate"]!.GetValue<double>(), 1e-4, 1e-2);
            Assert.InRange(values["network.hidden_width"]!.GetValue<long>(), 4, 16);
            Assert.InRange(values["training.batch_size"]!.GetValue<long>(), 100, 300);
            Assert.Contains(values["network.hidden_segments"]!.GetValue<long>(), new long[] { 2, 4 });
        });
        // Both ends of the integer ranges are reachable, and the log-uniform draw covers both decades.
        Assert.Contains(draws, values => values["network.hidden_width"]!.GetValue<long>() == 4);
        Assert.Contains(draws, values => values["network.hidden_width"]!.GetValue<long>() == 16);
        Assert.Contains(draws, values => values["training.optimizer.learning_rate"]!.GetValue<double>() < 1e-3);
        Assert.Contains(draws, values => values["training.optimizer.learning_rate"]!.GetValue<double>() > 1e-3);
    }

    [Fact]
    public void Validate_UnknownField_NamesTheFieldAndTheClosestOne()
    {
        SearchSpace space = SearchSpace.Parse("""{ "parameters": { "network.hidden_widht": { "distribution": "int_uniform", "min": 4, "max": 8 } } }""");

        var error = Assert.Throws<InvalidDataException>(() => space.Validate(Small, 8, 60));

        Assert.Contains("network.hidden_widht: not a field of the preset (did you mean network.hidden_width?)", error.Message);
    }

    [Fact]
    public void Validate_ValueThePresetRejects_NamesTheFieldAndValue()
    {
        // Widths are integers, and a negative learning rate is not a learning rate.
        SearchSpace space = SearchSpace.Parse("""
            { "parameters": {
                "network.hidden_width": { "distribution": "uniform", "min": 4.5, "max": 8.5 },
                "training.optimizer.learning_rate": { "distribution": "uniform", "min": -1, "max": 1 },
                "network.hidden_segments": { "distribution": "choice", "values": [2, 0] } } }
            """);

        var error = Assert.Throws<InvalidDataException>(() => space.Validate(Small, 8, 60));

        Assert.Contains("network.hidden_width", error.Message);
        Assert.Contains("value 4.5", error.Message);
        Assert.Contains("training.optimizer.learning_rate", error.Message);
        Assert.Contains("LearningRate", error.Message);
        Assert.Contains("network.hidden_segments", error.Message);
        Assert.Contains("value 0", error.Message);
    }

    [Theory]
    [InlineData("""{ "parameters": { "network.hidden_width": { "distribution": "gaussian", "min": 1, "max": 2 } } }""", "network.hidden_width: distribution must be one of")]
    [InlineData("""{ "parameters": { "network.hidden_width": { "distribution": "int_uniform", "min": 8, "max": 4 } } }""", "network.hidden_width: min must be below max")]
    [InlineData("""{ "parameters": { "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 0, "max": 1 } } }""", "training.optimizer.learning_rate: log_uniform needs min > 0")]
    [InlineData("""{ "parameters": { "network.hidden_width": { "distribution": "int_uniform", "min": 1.5, "max": 4 } } }""", "network.hidden_width: int_uniform needs integer min and max")]
    [InlineData("""{ "parameters": { "network.normalization": { "distribution": "choice", "values": [] } } }""", "network.normalization: choice needs a non-empty")]
    [InlineData("""{ "parameters": { "network.hidden_width": { "distribution": "int_uniform", "mni": 1, "max": 4 } } }""", "network.hidden_width: unknown key \"mni\"")]
    [InlineData("""{ "parameters": { } }""", "at least one parameter")]
    [InlineData("""{ "base": "small" }""", "parameters: missing")]
    [InlineData("""{ "parameters": { }, "seed": 3 }""", "seed: unknown key")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{ "parameters": """, "not JSON")]
    public void Parse_BadSpace_ThrowsNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => SearchSpace.Parse(json, "space.json"));

        Assert.Contains("space.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ToJson_RoundTrips()
    {
        SearchSpace space = SearchSpace.Parse(Example);

        SearchSpace again = SearchSpace.Parse(space.ToJson());

        Assert.Equal(space.ToJson(), again.ToJson());
    }

    private static string Describe(IReadOnlyDictionary<string, JsonNode?> values) =>
        string.Join(", ", values.Select(pair => $"{pair.Key}={pair.Value?.ToJsonString()}"));
}
