using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Evaluation;

public class ContextImportanceTests
{
    [Fact]
    public void Measure_LightGbm_LastCharacterMattersMostAndShufflesAreSeeded()
    {
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 5_000, windowSize: 5);
        TrainingRunResult run = TrainingRun.Run(mlContext, TrainerRegistry.LightGbm, data, new TrainerSettings { Iterations = 8, Leaves = 8, Threads = 1 });

        ContextImportanceResult first = ContextImportance.Measure(mlContext, run.Model, data.Windows.Test, permutations: 2, seed: 3);
        ContextImportanceResult again = ContextImportance.Measure(mlContext, run.Model, data.Windows.Test, permutations: 2, seed: 3);

        Assert.Equal([-5, -4, -3, -2, -1], first.Positions.Select(position => position.Offset));
        Assert.Equal(run.Metrics["test"].BitsPerCharacter, first.Baseline.BitsPerCharacter, 6);
        PositionImportance last = first.Positions[^1];
        Assert.Equal(first.Positions.Max(position => position.BitsIncrease), last.BitsIncrease);
        Assert.True(last.BitsIncrease > 0.1, $"shuffling the last character costs {last.BitsIncrease:F3} bits");
        Assert.Equal(first.Positions, again.Positions);
    }

    [Fact]
    public void Measure_OneWindow_SaysItNeedsTwo()
    {
        var mlContext = new MLContext(0);
        CharacterWindowData data = SmallData.Dunwich(mlContext, characters: 2_000, windowSize: 5);
        TrainingRunResult run = TrainingRun.Run(mlContext, TrainerRegistry.LightGbm, data, new TrainerSettings { Iterations = 2, Leaves = 4, Threads = 1 });

        var error = Assert.Throws<ArgumentException>(() => ContextImportance.Measure(mlContext, run.Model, data.Windows.Test, maxRows: 1));

        Assert.Contains("at least 2 windows", error.Message, StringComparison.Ordinal);
    }
}
