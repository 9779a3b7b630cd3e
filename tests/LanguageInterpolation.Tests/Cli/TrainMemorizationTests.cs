using System.Text.Json;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

/// <summary>Training through the command line until the model has memorised a tiny book, then using it.</summary>
public sealed class TrainMemorizationTests
{
    // 85 characters in which every 8-character context (sequence or centered) occurs once, so a model that
    // memorised the book can predict every character of it.
    private const string Book = "Who are you? I am the keeper of the old stone bridge, and nobody crosses it at night.";
    private const int Window = 8;

    [Fact]
    public void TrainMemorizeThenGenerate_GreedyFromTheFirstCharactersRegeneratesTheBook()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "model.zip");

        var train = Train(folder, model, "sequence");
        var generate = CliRun.Run("generate", "--model", model, "--prompt", Book[..Window], "--length", (Book.Length - Window).ToString(), "--top-k", "1");

        Assert.Equal(ExitCodes.Success, train.ExitCode);
        Assert.Equal(1.0, TrainAccuracy(Path.Combine(folder, "model.metrics.json")));
        Assert.Equal(ExitCodes.Success, generate.ExitCode);
        Assert.Equal(Book + Environment.NewLine, generate.Output);
    }

    [Fact]
    public void TrainCenteredThenEvaluate_PredictsEveryMiddleCharacterAndRefusesToGenerate()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "centered.zip");
        string metrics = Path.Combine(folder, "evaluation.json");
        string book = Path.Combine(folder, "book.txt");

        var train = Train(folder, model, "centered");
        var evaluate = CliRun.Run("evaluate", "--model", model, "--book", book, "--split", "memorize", "--metrics", metrics);
        var generate = CliRun.Run("generate", "--model", model, "--prompt", Book[..Window]);

        Assert.Equal(ExitCodes.Success, train.ExitCode);
        Assert.Equal(ExitCodes.Success, evaluate.ExitCode);
        // Evaluation rebuilds the windows from the model card: centered windows, on which the memorised model
        // is right everywhere (read as sequence windows, most of its answers would be wrong).
        using (JsonDocument evaluation = JsonDocument.Parse(File.ReadAllText(metrics)))
        {
            JsonElement split = evaluation.RootElement.GetProperty("train");
            Assert.Equal(Book.Length - Window, split.GetProperty("Rows").GetInt64());
            Assert.True(split.GetProperty("Accuracy").GetDouble() >= 0.95, split.ToString());
        }
        Assert.Equal(ExitCodes.BadInput, generate.ExitCode);
        Assert.Contains("predicts the middle character of centered windows", generate.Error, StringComparison.Ordinal);
    }

    // The small preset at a high rate memorises the book in 60 epochs of batches of 16 (about 3 s).
    private static (int ExitCode, string Output, string Error) Train(string folder, string model, string windowKind)
    {
        string book = Path.Combine(folder, "book.txt");
        File.WriteAllText(book, Book);
        return CliRun.Run("train", "--book", book, "--trainer", "small", "--split", "memorize", "--vocabulary", "corpus",
            "--window", Window.ToString(), "--window-kind", windowKind, "--epochs", "60", "--batch-size", "16", "--learning-rate", "0.01",
            "--threads", "1", "--output", model);
    }

    private static double TrainAccuracy(string metricsFile)
    {
        using JsonDocument card = JsonDocument.Parse(File.ReadAllText(metricsFile));
        return card.RootElement.GetProperty("metrics").GetProperty("train").GetProperty("accuracy").GetDouble();
    }
}
