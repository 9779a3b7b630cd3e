using LanguageInterpolation.Trainers.Presets;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class TrainCommandTests
{
    private const string MissingBook = "/nonexistent/book.txt";

    // A missing book fails only when the corpus loads: an error about the options instead proves that they
    // were checked first.
    [Theory]
    [InlineData("small", "--epochs", "0", "MaxEpochs must be at least 1 (got 0)")]
    [InlineData("small", "--set", "network.hidden_width=0", "HiddenWidth")]
    [InlineData("small", "--set", "network.hiden_width=3", "--set network.hiden_width: not a field of the preset (did you mean network.hidden_width?)")]
    [InlineData("warp_drive", "--epochs", "1", "Unknown trainer 'warp_drive'")]
    [InlineData("lightgbm", "--iterations", "0", "NumberOfIterations must be at least 1 (got 0)")]
    public void Train_BadTrainerOption_FailsBeforeTheCorpusLoads(string trainer, string option, string value, string expected)
    {
        var (code, _, error) = CliRun.Run("train", "--trainer", trainer, "--book", MissingBook, option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_NestedOptionError_EndsWithOnePeriod()
    {
        var (code, _, error) = CliRun.Run("train", "--trainer", "small", "--learning-rate", "-1", "--book", MissingBook);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("LearningRate must be positive and finite (got -1).", error, StringComparison.Ordinal);
        Assert.DoesNotContain("..", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_NegativeTimeBudget_NamesTheOptionInSeconds()
    {
        var (code, _, error) = CliRun.Run("train", "--trainer", "small", "--time-budget", "-5", "--book", MissingBook);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: --time-budget must be a positive number of seconds (got -5)." + Environment.NewLine, error);
    }

    [Fact]
    public void Train_SetWithLightGbm_ExitsBadInput()
    {
        var (code, _, error) = CliRun.Run("train", "--trainer", "lightgbm", "--set", "network.hidden_width=3", "--book", MissingBook);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--set overrides fields of network presets", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_SetOverrides_TrainsPrintsAndSavesTheEffectiveConfiguration()
    {
        string model = Path.Combine(TestData.NewScratchFolder(), "model.zip");

        // max_epochs without "training.": the prefix is implied; optimizer.kind alone takes Adam's defaults.
        var (code, output, error) = CliRun.Run("train", "--trainer", "small", "--set", "network.hidden_width=7", "--set", "optimizer.kind=adam",
            "--set", "max_epochs=1", "--max-chars", "3000", "--threads", "1", "--output", model);

        Assert.True(code == ExitCodes.Success, error);
        var small = (HighOrderMlpConfig)NetworkPresets.Load("small").Network;
        long parameters = (small with { HiddenWidth = 7 }).WithShape(16, 128).ParameterCount();
        Assert.Contains($"parameters {parameters.ToString("N0", CultureInfo.InvariantCulture)}", output, StringComparison.Ordinal);
        Assert.Contains("epoch 1/1", output, StringComparison.Ordinal);
        Assert.Contains("\"hidden_width\": 7", output, StringComparison.Ordinal);
        JsonObject configuration = LanguageModelFile.ReadCard(model).Configuration!;
        Assert.Equal(7, (int)configuration["network"]!["hidden_width"]!);
        Assert.Equal("Adam", (string)configuration["training"]!["optimizer"]!["kind"]!);
        Assert.Equal(0.001, (double)configuration["training"]!["optimizer"]!["learning_rate"]!); // small's own rate
        Assert.Equal(0.999, (double)configuration["training"]!["optimizer"]!["beta2"]!);          // Adam's, not Lion's 0.99
        Assert.Equal(1, (int)configuration["training"]!["max_epochs"]!);
        // The printed configuration is the card's, unwrapped: it reads back as a preset file.
        string printed = output[output.IndexOf("applied):", StringComparison.Ordinal)..output.IndexOf("Training small", StringComparison.Ordinal)];
        printed = printed[printed.IndexOf('{', StringComparison.Ordinal)..];
        Assert.Equal(NetworkPresets.Parse(configuration.ToJsonString(), "card"), NetworkPresets.Parse(printed, "stdout"));
    }

    [Fact]
    public void Train_Resume_ReportsTheTotalTrainingTime()
    {
        string folder = TestData.NewScratchFolder();
        string checkpoint = Path.Combine(folder, "run.checkpoint");
        // Enough text that the epochs before resuming take a measurable time (over 0.1 s) on an idle machine.
        string[] common = ["train", "--trainer", "small", "--max-chars", "40000", "--threads", "1"];
        var first = CliRun.Run([.. common, "--epochs", "3", "--checkpoint", checkpoint, "--output", Path.Combine(folder, "first.zip")]);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);

        var resumed = CliRun.Run([.. common, "--epochs", "4", "--resume", checkpoint, "--output", Path.Combine(folder, "resumed.zip")]);

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Error);
        Match match = Regex.Match(resumed.Output, @"Trained small in (\d+\.\d) s \((\d+\.\d) s before resuming, (\d+\.\d) s in this run\)");
        Assert.True(match.Success, resumed.Output);
        double total = Parse(match.Groups[1].Value), before = Parse(match.Groups[2].Value), now = Parse(match.Groups[3].Value);
        Assert.True(before > 0, match.Value);
        Assert.InRange(total, before + now - 0.11, before + now + 0.11); // each figure is rounded to 0.1 s
        double saved = Parse(LanguageModelFile.ReadCard(Path.Combine(folder, "resumed.zip")).Training["training_seconds"]);
        Assert.InRange(saved, total - 0.06, total + 0.06);
    }

    [Fact]
    public void Generate_TruncatedModelZip_SaysTruncated()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");
        using (var zip = ZipFile.Open(model, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("entry.txt", CompressionLevel.NoCompression).Open());
            writer.Write(new string('x', 10_000));
        }
        byte[] bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..(bytes.Length / 2)]);

        var (code, _, error) = CliRun.Run("generate", "--model", model);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Corrupt model file (truncated or damaged zip archive)", error, StringComparison.Ordinal);
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
