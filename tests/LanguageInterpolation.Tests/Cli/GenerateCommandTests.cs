using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class GenerateCommandTests
{
    // Redirected output used to go through Spectre's renderer, which wraps at 160 columns and collapses
    // the runs of spaces it breaks at; generated text is the product and must arrive byte for byte.
    [Fact]
    public void Generate_RedirectedOutputLongPromptWithRunsOfSpaces_WritesTheTextByteExactThenANewline()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");
        var train = CliRun.Run("train", "--trainer", "lightgbm", "--max-chars", "4000", "--window", "8", "--iterations", "3", "--leaves", "8", "--threads", "1", "--output", model);
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        string prompt = string.Concat(Enumerable.Repeat("the old   man said     ", 12)) + "\t and";
        var options = new GenerationOptions { Prompt = prompt, Length = 300 };
        var mlContext = new MLContext(0);
        LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, model);
        using var scorer = new PredictionEngineScorer(mlContext, loaded.Model, loaded.Card.VocabularyObject, loaded.Card.WindowSize);
        string expected = prompt + new TextGenerator(scorer).Generate(options) + "\n";

        var generate = CliRun.Run("generate", "--model", model, "--prompt", prompt, "--length", "300");

        Assert.Equal(ExitCodes.Success, generate.ExitCode);
        Assert.Equal(expected, generate.Output);
        Assert.Contains("300 characters in", generate.Error, StringComparison.Ordinal);
    }
}
