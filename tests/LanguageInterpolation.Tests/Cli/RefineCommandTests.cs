using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public class RefineCommandTests
{
    private static string TrainSmall(string folder, params string[] extra)
    {
        string model = Path.Combine(folder, "model.zip");
        var train = CliRun.Run(["train", "--trainer", "small", "--max-chars", "3000", "--window", "8", "--epochs", "1", "--threads", "1", "--output", model, .. extra]);
        Assert.Equal(ExitCodes.Success, train.ExitCode);
        return model;
    }

    [Fact]
    public void TrainRefineContinueEvaluate_OnASmallSlice()
    {
        string folder = TestData.NewScratchFolder();
        string model = TrainSmall(folder);
        string refined = Path.Combine(folder, "refined.zip");
        string continued = Path.Combine(folder, "continued.zip");

        var refine = CliRun.Run("refine", "--model", model, "--n", "3", "--segments", "16", "--output", refined);
        var train = CliRun.Run("train", "--init-from", refined, "--max-chars", "3000", "--epochs", "1", "--threads", "1", "--output", continued);
        var generate = CliRun.Run("generate", "--model", continued, "--prompt", "The ", "--length", "10");

        Assert.Equal((ExitCodes.Success, ""), (refine.ExitCode, refine.Error));
        Assert.Contains("with n=3 segments=16: ", refine.Output, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Success, ""), (train.ExitCode, train.Error));
        Assert.Contains($"Continuing from {refined} (high_order_mlp, ", train.Output, StringComparison.Ordinal);
        Assert.Contains("Training small...", train.Output, StringComparison.Ordinal); // the settings of the trainer that made the model
        ModelCard card = LanguageModelFile.ReadCard(continued);
        Assert.Equal((8, "refined.zip"), (card.WindowSize, card.Training["init_from"])); // the model's window, without --window
        var config = Assert.IsType<HighOrderMlpConfig>(NetworkJson.Deserialize(card.Network!));
        Assert.Equal((3, 16), (config.HiddenNodes, config.HiddenSegments));
        Assert.Equal(ExitCodes.Success, generate.ExitCode);
    }

    [Fact]
    public void Refine_WithoutARefinement_SaysWhatToGive()
    {
        var result = CliRun.Run("refine", "--model", "model.zip");

        Assert.Equal((ExitCodes.BadInput, "error: Nothing to refine: give --n, --segments or --input-segments." + Environment.NewLine), (result.ExitCode, result.Error));
    }

    [Fact]
    public void Refine_LightGbmModel_SaysItHasNoNetwork()
    {
        string folder = TestData.NewScratchFolder();
        string model = Path.Combine(folder, "lightgbm.zip");
        CliRun.Run("train", "--trainer", "lightgbm", "--max-chars", "2000", "--window", "8", "--iterations", "2", "--leaves", "4", "--threads", "1", "--output", model);

        var refine = CliRun.Run("refine", "--model", model, "--n", "3", "--output", Path.Combine(folder, "r.zip"));
        var init = CliRun.Run("train", "--init-from", model, "--max-chars", "2000", "--output", Path.Combine(folder, "c.zip"));

        Assert.Equal(ExitCodes.BadInput, refine.ExitCode);
        Assert.Equal($"error: Model {model} was trained with 'lightgbm', which has no network to continue from; fine-tuning and refinement need a network model.", refine.Error.TrimEnd());
        Assert.Equal(refine.Error, init.Error);
        Assert.False(File.Exists(Path.Combine(folder, "r.zip")));
    }

    [Fact]
    public void TrainInitFrom_Mismatches_AreOneLineErrors()
    {
        string folder = TestData.NewScratchFolder();
        string model = TrainSmall(folder);
        string output = Path.Combine(folder, "c.zip");

        var window = CliRun.Run("train", "--init-from", model, "--max-chars", "2000", "--window", "16", "--output", output);
        var vocabulary = CliRun.Run("train", "--init-from", model, "--max-chars", "2000", "--vocabulary", "corpus", "--output", output);
        var otherType = CliRun.Run("train", "--init-from", model, "--max-chars", "2000", "--trainer", "large_standard", "--output", output);
        var lightGbm = CliRun.Run("train", "--init-from", model, "--max-chars", "2000", "--trainer", "lightgbm", "--output", output);

        Assert.Equal($"error: --window 16 differs from the 8-character windows {model} was trained on; leave --window out or pass --window 8.", window.Error.TrimEnd());
        Assert.StartsWith("error: --vocabulary corpus gives ", vocabulary.Error, StringComparison.Ordinal);
        Assert.Contains("was trained with a ascii vocabulary of 128", vocabulary.Error, StringComparison.Ordinal);
        Assert.Equal($"error: --trainer large_standard trains a high_order_input_mlp network, but {model} holds a high_order_mlp; leave --trainer out or choose a preset of the same network type.", otherType.Error.TrimEnd());
        Assert.StartsWith("error: --trainer lightgbm is not a network trainer", lightGbm.Error, StringComparison.Ordinal);
        Assert.All(new[] { window, vocabulary, otherType, lightGbm }, result => Assert.Equal(ExitCodes.BadInput, result.ExitCode));
        Assert.All(new[] { window, vocabulary, otherType, lightGbm }, result => Assert.Single(result.Error.TrimEnd().Split('\n')));
        Assert.False(File.Exists(output));
    }
}
