using LanguageInterpolation.Pipelines.Comparison;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Comparison;

public class TransformerComparisonTests
{
    [Fact]
    public void Run_TransformerPresetNextToLightGbm_ProducesComparableRows()
    {
        var mlContext = new MLContext(0).RegisterLanguageInterpolation();
        CharacterWindowData data = TinyWindows.Dunwich(mlContext, characters: 2_000);

        ComparisonResult result = TrainerComparison.Run(mlContext, data,
            [ComparisonEntry.Named("lightgbm") with { ConfigureSettings = settings => settings with { Leaves = 4 } }, ComparisonEntry.Named("transformer_seed")],
            TrainerComparisonTests.Options(folder: null));

        Assert.Equal(["lightgbm", "transformer_seed"], result.Rows.Select(row => row.Name));
        ComparisonRow transformer = result.Rows[1];
        Assert.Equal(result.Rows[0].HeldOut.Rows, transformer.HeldOut.Rows);   // the same held-out targets
        Assert.InRange(transformer.HeldOut.BitsPerCharacter, 0.5, 2 * Math.Log2(data.Vocabulary.Count));
    }
}
