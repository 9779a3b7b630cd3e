using System.Diagnostics;
using System.Reflection;
using System.Text;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Tests.Pipelines.OnnxInference;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Common.Onnx;
using Xunit;

namespace LanguageInterpolation.Tests.Samples;

/// <summary>Runs the deployment sample (samples/OnnxDeployment, built with the tests but never referenced as a
/// library) as its own process against models exported during the test run.</summary>
[Collection(OnnxInferenceCollection.Name)]
public sealed class OnnxDeploymentSampleTests(OnnxInferenceFixture fixture)
{
    private const string Prompt = "the old man";
    private const int Length = 30;

    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm-categorical")]
    public void RunSample_ExportedModel_ContinuesThePromptAsOurGreedyGeneration(string name)
    {
        string model = fixture.Model(name).OnnxPath;
        using OnnxLanguageModel onnx = OnnxLanguageModel.Load(model);
        string expected = new TextGenerator(onnx).Generate(new GenerationOptions { Prompt = Prompt, Length = Length });

        (int exitCode, string output, string error) = RunSample(model, Prompt, Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal(Prompt + expected + "\n", output);
    }

    // A corpus vocabulary: characters outside it become the unknown symbol, none is transliterated.
    [NodeClientFact]
    public void NodeClient_CorpusVocabularyModel_SameIdsProbabilitiesAndGreedyTextAsDotNet()
    {
        ReadmeDeploymentFlowTests.AssertNodeClientAgrees(fixture.Model("small").OnnxPath, "the \u00e9lder \u4e00man", Length);
    }

    [Fact]
    public void RunSample_NotALanguageModel_ExitsWithUsageErrorNamingTheMetadata()
    {
        string path = Path.Combine(fixture.Folder, "featurizer-for-sample.onnx");
        OnnxModelFile.Write(CharacterWindowFeaturizerGraph.Build(fixture.Vocabulary, 8), path);

        (int exitCode, _, string error) = RunSample(path);

        Assert.Equal(2, exitCode);
        Assert.Contains("metadata 'li.characters' is missing", error, StringComparison.Ordinal);
    }

    internal static (int ExitCode, string Output, string Error) RunSample(params string[] arguments)
    {
        string configuration = typeof(OnnxDeploymentSampleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string sample = Path.Combine(TestData.RepositoryRoot, "samples", "OnnxDeployment", "bin", configuration, "net10.0", "OnnxDeployment.dll");
        Assert.True(File.Exists(sample), $"The sample is not built: {sample} (the test project builds it through a project reference).");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(sample);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "The sample did not finish within 2 minutes.");
        return (process.ExitCode, output, error.Result);
    }
}
