using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

public class TransformerSearchTests
{
    [Fact]
    public void Run_OverTheSeedTransformersWidthAndRate_RunsEveryTrial()
    {
        var mlContext = new MLContext(0).RegisterLanguageInterpolation();
        var data = TinyWindows.Dunwich(mlContext, characters: 2_000);
        SearchSpace space = SearchSpace.Parse("""
            { "parameters": {
                "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 1e-3, "max": 1e-2 },
                "network.width": { "distribution": "choice", "values": [16, 32] } } }
            """);

        SearchResult result = HyperparameterSearch.Run(mlContext, data, NetworkPresets.Load("transformer_seed"), space,
            HyperparameterSearchTests.Options(Path.Combine(TestData.NewScratchFolder(), "trials.jsonl")) with { Trials = 2, MaxResource = 1 });

        Assert.Equal([1, 2], result.Records.Select(record => record.Trial).Distinct().Order());
        Assert.All(result.Records, record => Assert.True(double.IsFinite(record.Objective), $"trial {record.Trial} objective {record.Objective}"));
        Assert.IsType<LanguageInterpolation.Trainers.Networks.HighOrderTransformerConfig>(result.BestPreset!.Network);
    }

    [Fact]
    public void ShippedSpace_LoadsAndItsBaseIsATransformerPreset()
    {
        SearchSpace space = SearchSpace.Load(Path.Combine(TestData.RepositoryRoot, "models", "search", "transformer.json"));

        Assert.Equal("transformer_cpu", space.BasePreset);
        Assert.IsType<LanguageInterpolation.Trainers.Networks.TransformerConfig>(NetworkPresets.Load(space.BasePreset!).Network);
    }
}
