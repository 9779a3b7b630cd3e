using System.Globalization;
using System.Text.Json;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Tests.Cli;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Samples;

/// <summary>
/// The README's deployment flow as a user runs it: <c>li train</c> with the default trainer, vocabulary
/// (ASCII) and window, shortened only by <c>--max-chars 10000 --iterations 10 --epochs 1 --time-budget 10</c>
/// (whichever trainer is the default); <c>li export</c>; then
/// the model file is read by the sample, by <c>li generate</c> and by the Node.js client.
/// </summary>
public sealed class ReadmeDeploymentFixture : IDisposable
{
    /// <summary>Trains and exports once for the class.</summary>
    public ReadmeDeploymentFixture()
    {
        Folder = TestData.NewScratchFolder();
        ZipPath = Path.Combine(Folder, "model.zip");
        OnnxPath = Path.Combine(Folder, "model.onnx");
        Train = CliRun.Run("train", "--max-chars", "10000", "--iterations", "10", "--epochs", "1", "--time-budget", "10", "--output", ZipPath);
        Export = CliRun.Run("export", "--model", ZipPath, "--output", OnnxPath);
    }

    /// <summary>The scratch folder.</summary>
    public string Folder { get; }

    /// <summary>What <c>li train</c> wrote.</summary>
    public string ZipPath { get; }

    /// <summary>What <c>li export</c> wrote.</summary>
    public string OnnxPath { get; }

    /// <summary>The train command's result.</summary>
    public (int ExitCode, string Output, string Error) Train { get; }

    /// <summary>The export command's result.</summary>
    public (int ExitCode, string Output, string Error) Export { get; }

    /// <summary>The library's continuation of <paramref name="prompt"/> from the exported file (greedy by default).</summary>
    public string LibraryText(string prompt, int length, int topK = 1, int seed = 0)
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(OnnxPath);
        return new TextGenerator(model).Generate(new GenerationOptions { Prompt = prompt, Length = length, TopK = topK, Seed = seed });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind is harmless.
        }
    }
}

public sealed class ReadmeDeploymentFlowTests(ReadmeDeploymentFixture flow) : IClassFixture<ReadmeDeploymentFixture>
{
    private const string ReadmePrompt = "Who are you?";

    // Curly quotes, an umlaut, a dash, CRLF, a soft hyphen and an ideograph: transliterated, normalised, dropped.
    private const string NonAsciiPrompt = "\u201cWh\u00f6 are you?\u201d \u2014\r\nsaid Wil\u00adbur \u4e00to";

    [Fact]
    public void ReadmeFlow_DefaultTrainExportThenSample_ContinuesThePromptAsLiGenerate()
    {
        Assert.True(flow.Train.ExitCode == ExitCodes.Success, flow.Train.Error);
        Assert.True(flow.Export.ExitCode == ExitCodes.Success, flow.Export.Error);
        using (OnnxLanguageModel exported = OnnxLanguageModel.Load(flow.OnnxPath))
        {
            Assert.Equal(CharacterVocabulary.Ascii, exported.Vocabulary);
        }
        string expected = ReadmePrompt + flow.LibraryText(ReadmePrompt, 100) + "\n";

        (int exitCode, string output, string error) = OnnxDeploymentSampleTests.RunSample(flow.OnnxPath, ReadmePrompt, "100");
        var generate = CliRun.Run("generate", "--model", flow.OnnxPath, "--prompt", ReadmePrompt, "--length", "100");

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal(expected, output);
        Assert.Equal(expected, generate.Output);
        Assert.True(File.Exists(flow.OnnxPath + ".json"), "li export writes model.onnx.json next to the model");
    }

    // Top-5 sampling (the sample draws as TextGenerator does, from the same seed) so that the text is not the
    // run of spaces a briefly trained model's greedy choice can be.
    [Fact]
    public void Sample_PromptOutsideTheAsciiVocabularyTopK_EncodesAndSamplesAsTheLibraryDoes()
    {
        string expected = NonAsciiPrompt + flow.LibraryText(NonAsciiPrompt, 60, topK: 5, seed: 7) + "\n";

        (int exitCode, string output, string error) = OnnxDeploymentSampleTests.RunSample(flow.OnnxPath, NonAsciiPrompt, "60", "5", "7");
        var generate = CliRun.Run("generate", "--model", flow.OnnxPath, "--prompt", NonAsciiPrompt, "--length", "60", "--top-k", "5", "--seed", "7");

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal(expected, output);
        Assert.Equal(expected, generate.Output);
        Assert.NotEqual(new string(' ', 60), expected[NonAsciiPrompt.Length..^1]);
    }

    // Version 1 held li.characters raw; ONNX Runtime returns the ASCII vocabulary's value (NUL first) empty.
    [Fact]
    public void Sample_FileOfContractVersion1_RebuildsTheAsciiVocabularyFromItsKind()
    {
        ModelProto model = OnnxModelFile.Read(flow.OnnxPath);
        model.MetadataProps.Single(entry => entry.Key == OnnxNames.CharactersKey).Value = CharacterVocabulary.Ascii.Characters;
        foreach (string key in new[] { OnnxNames.ContractVersionKey, OnnxNames.TransliterationKey, OnnxNames.OutOfRangeIdsKey })
        {
            model.MetadataProps.Remove(model.MetadataProps.Single(entry => entry.Key == key));
        }
        string legacy = Path.Combine(flow.Folder, "version1.onnx");
        OnnxModelFile.Write(model, legacy);
        string expected = ReadmePrompt + flow.LibraryText(ReadmePrompt, 40, topK: 5, seed: 3) + "\n";

        (int exitCode, string output, string error) = OnnxDeploymentSampleTests.RunSample(legacy, ReadmePrompt, "40", "5", "3");

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal(expected, output);
    }

    [NodeClientFact]
    public void NodeClient_ExportedAsciiModel_SameIdsProbabilitiesAndGreedyTextAsDotNet()
    {
        AssertNodeClientAgrees(flow.OnnxPath, NonAsciiPrompt, 60);
    }

    /// <summary>Runs the Node.js client on a model and compares the prompt's ids, the first window's
    /// probabilities and the greedy text with the library's.</summary>
    internal static void AssertNodeClientAgrees(string onnxPath, string prompt, int length)
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(onnxPath);
        int[] ids = model.Vocabulary.Encode(prompt).Ids;
        int spaceId = model.Vocabulary.TryGetId(' ', out int space) ? space : model.Vocabulary.FallbackId;
        int[] window = Enumerable.Repeat(spaceId, Math.Max(0, model.WindowSize - ids.Length)).Concat(ids).TakeLast(model.WindowSize).ToArray();
        float[] probabilities = new float[model.Vocabulary.Count];
        model.Score(window, probabilities);
        string text = new TextGenerator(model).Generate(new GenerationOptions { Prompt = prompt, Length = length });

        (int exitCode, string output, string error) = NodeClient.Run(onnxPath, prompt, length.ToString(CultureInfo.InvariantCulture), "--json");

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        using JsonDocument result = JsonDocument.Parse(output);
        Assert.Equal(ids, result.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(id => id.GetInt32()));
        float[] nodeProbabilities = result.RootElement.GetProperty("first_scores").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        Assert.Equal(probabilities.Length, nodeProbabilities.Length);
        // Both run the same file on ONNX Runtime's CPU kernels (possibly different releases); 1e-6 allows
        // a different summation order in the softmax, far below any difference in the greedy choice.
        Assert.All(probabilities.Zip(nodeProbabilities), pair => Assert.Equal(pair.First, pair.Second, 1e-6f));
        Assert.Equal(text, result.RootElement.GetProperty("text").GetString());
    }
}
