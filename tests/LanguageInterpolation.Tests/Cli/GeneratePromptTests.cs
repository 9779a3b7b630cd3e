using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public class GeneratePromptTests
{
    private static readonly Lazy<string> Model = new(() =>
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "model.zip");
        var train = CliRun.Run("train", "--trainer", "lightgbm", "--max-chars", "3000", "--window", "4", "--iterations", "1", "--leaves", "4", "--threads", "1", "--output", model);
        Assert.Equal(ExitCodes.Success, train.ExitCode);
        return model;
    });

    [Theory]
    [InlineData("", "The prompt is empty")]
    [InlineData("中文字", "No character of the prompt is in the model's ascii vocabulary (128 classes)")]
    public void Generate_PromptWithNothingToRead_ExitsWithBadInput(string prompt, string expected)
    {
        var result = CliRun.Run("generate", "--model", Model.Value, "--prompt", prompt, "--length", "5");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Generate_PromptPartlyOutsideVocabulary_WarnsAndGenerates()
    {
        var result = CliRun.Run("generate", "--model", Model.Value, "--prompt", "中 The", "--length", "5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("warning: 1 of the prompt's 5 characters are not in the model's ascii vocabulary (128 classes) and were dropped.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_CorpusVocabulary_CountsUnknownSymbolsAsUnusable()
    {
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["abc"]);

        PromptCheck check = PromptCheck.Inspect(vocabulary, "xyz");

        Assert.Equal(new PromptCheck(3, 0, 3, 3), check);
        Assert.Throws<ArgumentException>(() => check.ThrowIfUnusable(vocabulary));
        Assert.Equal("warning: 3 of the prompt's 3 characters are not in the model's corpus vocabulary (4 classes) and were read as the unknown symbol.", check.Warning(vocabulary));
    }

    [Fact]
    public void Inspect_TransliteratedPrompt_IsUsableWithoutWarning()
    {
        PromptCheck check = PromptCheck.Inspect(CharacterVocabulary.Ascii, "“Café”");

        check.ThrowIfUnusable(CharacterVocabulary.Ascii);
        Assert.Null(check.Warning(CharacterVocabulary.Ascii));
        Assert.Equal(6, check.UsableIds);
    }
}
