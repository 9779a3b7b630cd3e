using LanguageInterpolation.Cli.Commands;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Cli;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public class CliApplicationTests
{
    [Fact]
    public void TrainThenGenerateThenEvaluate_OnASmallSlice()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");

        var train = Run("train", "--trainer", "lightgbm", "--max-chars", "4000", "--window-size", "8", "--iterations", "3", "--leaves", "8", "--threads", "1", "--output", model);
        var generate = Run("generate", "--model", model, "--prompt", "The ", "--length", "20");
        var evaluate = Run("evaluate", "--model", model, "--max-chars", "4000");

        Assert.Equal(ExitCodes.Success, train.ExitCode);
        Assert.Contains("│ test", train.Output, StringComparison.Ordinal);
        Assert.Equal(3, (int)LanguageInterpolation.Pipelines.Persistence.LanguageModelFile.ReadCard(model).Configuration!["number_of_iterations"]!);
        Assert.True(File.Exists(model));
        Assert.True(File.Exists(Path.Combine(folder, "model.metrics.json")));
        Assert.Equal(ExitCodes.Success, generate.ExitCode);
        Assert.StartsWith("The ", generate.Output, StringComparison.Ordinal);
        Assert.Equal("The ".Length + 20 + Environment.NewLine.Length, generate.Output.Length);
        Assert.Equal(ExitCodes.Success, evaluate.ExitCode);
        Assert.Contains("│ validation", evaluate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainExportGenerate_OnnxFileContinuesThePromptLikeTheZip()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");
        string onnx = Path.Combine(folder, "model.onnx");
        Run("train", "--trainer", "small", "--max-chars", "3000", "--epochs", "1", "--threads", "1", "--output", model);

        var export = Run("export", "--model", model, "--output", onnx);
        var fromOnnx = Run("generate", "--model", onnx, "--prompt", "It was ", "--length", "30");
        var fromZip = Run("generate", "--model", model, "--prompt", "It was ", "--length", "30");

        Assert.Equal(ExitCodes.Success, export.ExitCode);
        Assert.True(File.Exists(onnx));
        Assert.Equal(ExitCodes.Success, fromOnnx.ExitCode);
        Assert.Equal(fromZip.Output, fromOnnx.Output);
    }

    [Fact]
    public void Export_MissingModel_ExitsWithBadInputAndWritesNothing()
    {
        string folder = TestData.NewScratchFolder();

        var result = Run("export", "--model", Path.Combine(folder, "missing.zip"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Train_NetworkPreset_ShowsEpochsAndParameters()
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "small.zip");

        var result = Run("train", "--trainer", "small", "--max-chars", "3000", "--epochs", "1", "--threads", "1", "--output", model);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("epoch 1/1", result.Output, StringComparison.Ordinal);
        Assert.Contains("parameters 44,380", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Default_TrainsAHighOrderNetworkWithAnEpochLine()
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "default.zip");

        var result = Run("train", "--max-chars", "3000", "--epochs", "1", "--threads", "1", "--output", model);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains($"Training {TrainCommand.DefaultTrainer}...", result.Output, StringComparison.Ordinal);
        Assert.Contains("epoch 1/1", result.Output, StringComparison.Ordinal);
        Assert.IsType<LanguageInterpolation.Trainers.Networks.HighOrderInputMlpConfig>(TrainerRegistry.FindPreset(TrainCommand.DefaultTrainer)!.Network);
    }

    [Fact]
    public void Train_LightGbm_ReportsCalibrationAndBoostingRounds()
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "lightgbm.zip");

        var result = Run("train", "--trainer", "lightgbm", "--max-chars", "3000", "--window", "4", "--iterations", "5", "--leaves", "4", "--threads", "1", "--time-budget", "600", "--output", model);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("LightGBM calibration: about", result.Output, StringComparison.Ordinal);
        Assert.Contains("LightGBM: 5 boosting rounds", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MissingBook_ExitsWithBadInputAndWritesNoModel()
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "model.zip");

        var result = Run("train", "--book", "/nonexistent/book.txt", "--output", model);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("File not found: /nonexistent/book.txt", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Theory]
    [InlineData("", "File is empty")]
    [InlineData("\0\u0001binary\0", "binary")]
    public void Train_EmptyOrBinaryBook_ExitsWithBadInput(string content, string expected)
    {
        string folder = TestData.NewScratchFolder();
        string book = Path.Combine(folder, "book.txt");
        File.WriteAllText(book, content);

        var result = Run("train", "--book", book, "--output", Path.Combine(folder, "model.zip"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "model.zip")));
    }

    [Fact]
    public void Train_WindowLongerThanText_ExitsWithBadInputNamingTheWindow()
    {
        string folder = TestData.NewScratchFolder();
        string book = Path.Combine(folder, "short.txt");
        File.WriteAllText(book, "A very short text.");

        var result = Run("train", "--book", book, "--window", "64", "--output", Path.Combine(folder, "model.zip"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("too short for a window of 64 characters", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_UnknownOptionOrTrainer_ExitsNonZero()
    {
        var unknownOption = Run("train", "--bogus");
        var unknownTrainer = Run("train", "--trainer", "warp_drive", "--max-chars", "2000", "--output", Path.Combine(TestData.NewScratchFolder(), "m.zip"));

        Assert.Equal(ExitCodes.Usage, unknownOption.ExitCode);
        Assert.Contains("--bogus", unknownOption.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, unknownTrainer.ExitCode);
        Assert.Contains("Unknown trainer 'warp_drive'", unknownTrainer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_CorruptOrForeignModel_ExitsWithBadInput()
    {
        string folder = TestData.NewScratchFolder();
        string corrupt = Path.Combine(folder, "corrupt.zip");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5]);
        string foreign = Path.Combine(folder, "foreign.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(TestData.NewScratchFolder(), foreign);

        var corruptResult = Run("generate", "--model", corrupt);
        var foreignResult = Run("generate", "--model", foreign);
        var missingResult = Run("generate", "--model", Path.Combine(folder, "missing.zip"));

        Assert.Equal(ExitCodes.BadInput, corruptResult.ExitCode);
        Assert.Contains("Corrupt model file", corruptResult.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, foreignResult.ExitCode);
        Assert.Contains("Not a LanguageInterpolation model", foreignResult.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, missingResult.ExitCode);
        Assert.Contains("Model file not found", missingResult.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_DefaultBook_ReportsStatistics()
    {
        var result = Run("corpus");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("pg50133-dunwich-horror.txt (embedded)", result.Output, StringComparison.Ordinal);
        Assert.Contains("0 unrepresentable", result.Output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = CliApplication.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
