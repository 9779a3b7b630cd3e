using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

/// <summary><c>li generate</c> reads a transformer one step per character (its state in the zip's network, or the
/// exported step graph) unless told not to, and says which path it took.</summary>
public sealed class GenerateDecodingTests
{
    private static readonly Lazy<(string Zip, string Onnx)> Transformer = new(() =>
    {
        string folder = TestData.NewScratchFolder();
        string zip = Path.Combine(folder, "transformer.zip");
        var train = CliRun.Run("train", "--trainer", "transformer", "--max-chars", "3000", "--window", "12", "--epochs", "1", "--threads", "1",
            "--set", "network.width=16", "--set", "network.heads=2", "--set", "network.blocks=1", "--output", zip);
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        string onnx = Path.Combine(folder, "transformer.onnx");
        var export = CliRun.Run("export", "--model", zip, "--output", onnx);
        Assert.True(export.ExitCode == ExitCodes.Success, export.Error);
        return (zip, onnx);
    });

    [Fact]
    public void Export_Transformer_WritesTheStepGraphNextToTheWindowGraph() =>
        Assert.True(File.Exists(DecodingStepContract.StepPathFor(Transformer.Value.Onnx)));

    [Fact]
    public void Generate_TransformerZipAndOnnx_ReadOneStepPerCharacterAndAgree()
    {
        var fromZip = CliRun.Run("generate", "--model", Transformer.Value.Zip, "--prompt", "The ", "--length", "40", "--top-k", "1");
        var fromOnnx = CliRun.Run("generate", "--model", Transformer.Value.Onnx, "--prompt", "The ", "--length", "40", "--top-k", "1");

        Assert.True(fromZip.ExitCode == ExitCodes.Success, fromZip.Error);
        Assert.True(fromOnnx.ExitCode == ExitCodes.Success, fromOnnx.Error);
        Assert.Contains("decoding: one step per character with the transformer's state", fromZip.Error, StringComparison.Ordinal);
        Assert.Contains("decoding: one step per character through transformer.step.onnx", fromOnnx.Error, StringComparison.Ordinal);
        Assert.Equal(fromZip.Output, fromOnnx.Output);
    }

    [Fact]
    public void Generate_NoCache_RecomputesTheWindowAndAgreesWhileTheContextFits()
    {
        // 8 generated characters after a 4-character prompt stay inside the 12-character window: no cache
        // rebuild, so the cached and recomputed paths see the same contexts.
        var cached = CliRun.Run("generate", "--model", Transformer.Value.Zip, "--prompt", "The ", "--length", "8", "--top-k", "1");
        var recomputed = CliRun.Run("generate", "--model", Transformer.Value.Zip, "--prompt", "The ", "--length", "8", "--top-k", "1", "--no-cache");

        Assert.Contains("decoding: the whole 12-character window per character through ML.NET", recomputed.Error, StringComparison.Ordinal);
        Assert.Equal(cached.Output, recomputed.Output);
    }

    [Fact]
    public void Generate_PromptLongerThanTheContext_SaysOnceThatItKeepsTheMostRecentCharacters()
    {
        var result = CliRun.Run("generate", "--model", Transformer.Value.Onnx, "--prompt", "It was a dark and stormy night", "--length", "5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Single(result.Error.Split('\n'), line => line.StartsWith("note: the prompt has 30 characters but the model reads 12", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_StepGraphOfAnotherModel_FailsNamingTheFile()
    {
        string folder = TestData.NewScratchFolder();
        string onnx = Path.Combine(folder, "other.onnx");
        File.Copy(Transformer.Value.Onnx, onnx);
        File.WriteAllBytes(DecodingStepContract.StepPathFor(onnx), [1, 2, 3]);

        var result = CliRun.Run("generate", "--model", onnx, "--prompt", "The ", "--length", "5");

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("other.step.onnx", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>The same for a Mamba network: its recurrent state through the generic incremental path.</summary>
public sealed class GenerateMambaDecodingTests
{
    [Fact]
    public void Generate_MambaZipAndOnnx_ReadOneStepPerCharacterAndAgree()
    {
        string folder = TestData.NewScratchFolder();
        string zip = Path.Combine(folder, "mamba.zip");
        var train = CliRun.Run("train", "--trainer", "mamba", "--max-chars", "3000", "--window", "12", "--epochs", "1", "--threads", "1",
            "--set", "network.width=16", "--set", "network.blocks=1", "--set", "network.state_size=4", "--output", zip);
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        string onnx = Path.Combine(folder, "mamba.onnx");
        var export = CliRun.Run("export", "--model", zip, "--output", onnx);
        Assert.True(export.ExitCode == ExitCodes.Success, export.Error);
        Assert.True(File.Exists(DecodingStepContract.StepPathFor(onnx)));

        var fromZip = CliRun.Run("generate", "--model", zip, "--prompt", "The ", "--length", "30", "--top-k", "1");
        var fromOnnx = CliRun.Run("generate", "--model", onnx, "--prompt", "The ", "--length", "30", "--top-k", "1");

        Assert.Contains("decoding: one step per character with the mamba's state", fromZip.Error, StringComparison.Ordinal);
        Assert.Contains("decoding: one step per character through mamba.step.onnx", fromOnnx.Error, StringComparison.Ordinal);
        Assert.Equal(fromZip.Output, fromOnnx.Output);
    }
}
