using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using TorchSharp;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

public sealed class TorchScorerTests
{
    private static readonly CharacterVocabulary Vocabulary = CharacterVocabulary.FromCharacters(" abcdefghij.\uFFFD");

    [Fact]
    public void Score_UntrainedNetwork_SameProbabilitiesAsItsOnnxExport()
    {
        using LanguageNetwork network = Build(windowSize: 5);
        var metadata = new Dictionary<string, string> { [OnnxNames.WindowKindKey] = nameof(WindowKind.Sequence) };
        using OnnxLanguageModel onnx = OnnxLanguageModel.FromModel(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, Vocabulary, metadata), "test");
        var scorer = new TorchScorer(network, Vocabulary);
        var fromTorch = new float[Vocabulary.Count];
        var fromOnnx = new float[Vocabulary.Count];
        var random = new Random(5);

        for (int trial = 0; trial < 20; trial++)
        {
            int[] window = Enumerable.Range(0, 5).Select(_ => random.Next(Vocabulary.Count)).ToArray();
            scorer.Score(window, fromTorch);
            onnx.Score(window, fromOnnx);
            // Two engines, same float32 formula: differences are rounding only.
            Assert.All(fromTorch.Zip(fromOnnx), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-6, $"{pair.First} vs {pair.Second}"));
            Assert.Equal(1.0, fromTorch.Sum(), 1e-5);
        }
    }

    [Fact]
    public void Create_VocabularyOfAnotherSize_ThrowsNamingBothSizes()
    {
        using LanguageNetwork network = Build(windowSize: 5);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new TorchScorer(network, CharacterVocabulary.Ascii));

        Assert.Contains("128 characters but the network predicts 13 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WrongWindowLength_Throws()
    {
        using LanguageNetwork network = Build(windowSize: 5);
        var scorer = new TorchScorer(network, Vocabulary);

        Assert.Throws<ArgumentException>(() => scorer.Score(new int[4], new float[Vocabulary.Count]));
    }

    private static LanguageNetwork Build(int windowSize)
    {
        using var generator = new torch.Generator(9);
        return NetworkPresets.Load("small").Network.WithShape(windowSize, Vocabulary.Count).Build(generator);
    }
}
