using LanguageInterpolation.Trainers.Presets;
using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Comparison;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class CompareCommandTests
{
    private static readonly string[] Tiny =
    [
        "compare", "--book", TestData.Book(TestData.Dunwich), "--max-chars", "3000", "--window-size", "8", "--vocabulary", "corpus",
        "--epochs", "1", "--iterations", "2", "--leaves", "4", "--threads", "1", "--inference-rows", "100", "--length", "10",
    ];

    [Fact]
    public void Compare_TinyRun_PrintsTheTableAndWritesTheReport()
    {
        string folder = TestData.NewScratchFolder();

        var (code, output, error) = CliRun.Run([.. Tiny, "--trainers", "lightgbm,relu_mlp", "--output-dir", folder, "--reference-bpc", "2.71"]);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("│ lightgbm", output);
        Assert.Contains("│ relu_mlp", output);
        Assert.Contains("test bits/char", output);
        Assert.Contains("Best held-out bits per character:", output);
        foreach (string file in new[] { ComparisonDefaults.MarkdownFile, ComparisonDefaults.CsvFile, ComparisonDefaults.LearningCurvesFile, ComparisonDefaults.FinalFiguresFile })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, ComparisonDefaults.CsvFile)).Length);
    }

    [Fact]
    public void Compare_Set_AppliesToTheNetworkEntries()
    {
        string folder = TestData.NewScratchFolder();

        var (code, output, error) = CliRun.Run([.. Tiny, "--trainers", "relu_mlp", "--set", "network.hidden_width=8", "--output-dir", folder]);

        Assert.True(code == ExitCodes.Success, error);
        TextCorpus corpus = CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(3000);
        int classes = CharacterVocabulary.FromTexts(corpus.Select(document => document.Text)).Count;
        var reluMlp = (ReluMlpConfig)NetworkPresets.Load("relu_mlp").Network;
        long expected = (reluMlp with { HiddenWidth = 8 }).WithShape(8, classes).ParameterCount();
        Assert.NotEqual(reluMlp.WithShape(8, classes).ParameterCount(), expected);
        string[] row = File.ReadAllLines(Path.Combine(folder, ComparisonDefaults.CsvFile))[1].Split(',');
        Assert.Equal(("relu_mlp", expected.ToString(CultureInfo.InvariantCulture)), (row[0], row[1]));
        Assert.Contains("│ relu_mlp", output);
    }

    [Theory]
    [InlineData("--trainers", "lightgbm,nope", "Unknown trainer 'nope'")]
    [InlineData("--trainers", " , ", "--trainers names no trainer")]
    [InlineData("--inference-rows", "0", "InferenceRows must be at least 1")]
    [InlineData("--top-k", "0", "TopK must be at least 1")]
    [InlineData("--train-evaluation-rows", "-5", "TrainEvaluationRows must be at least 1")]
    [InlineData("--reference-bpc", "-1", "ReferenceBitsPerCharacter must be positive")]
    [InlineData("--lightgbm-learning-rate", "0", "LearningRate must be positive")]
    [InlineData("--max-chars", "0", "--max-chars must be at least 1")]
    [InlineData("--window-size", "0", "WindowSize must be at least 1")]
    [InlineData("--set", "network.hiden_width=3", "--set network.hiden_width: not a field of the preset (did you mean network.hidden_width?)")]
    public void Compare_BadOption_ExitsBadInputWithAMessage(string option, string value, string expected)
    {
        var (code, _, error) = CliRun.Run("compare", "--book", TestData.Book(TestData.Dunwich), option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Compare_BadNetworkOption_FailsBeforeTheCorpusLoads()
    {
        var (code, _, error) = CliRun.Run("compare", "--trainers", "lightgbm,small", "--epochs", "0", "--book", "/nonexistent/book.txt");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("MaxEpochs must be at least 1 (got 0)", error);
    }

    [Theory]
    [InlineData("--checkpoint", "c.ckpt")] // single-run options stay with `train`
    [InlineData("--epochs", "many")]
    [InlineData("--split", "sideways")]
    public void Compare_UnknownOrMalformedOption_ExitsUsage(string option, string value)
    {
        var (code, _, error) = CliRun.Run("compare", option, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option, error);
    }
}
