using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

public class OnnxCachedScorerTests
{
    // The bound for ONNX Runtime against TorchSharp (float32 both, different kernels).
    private const double Tolerance = 1e-4;

    private static readonly CharacterVocabulary Vocabulary = CharacterVocabulary.FromTexts(["Who are you? I am the one."]);

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Generate_StepGraph_GivesTheTorchCacheProbabilitiesAndText(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Vocabulary.Count);
        using var torchScorer = new CachedTorchScorer(network, Vocabulary);
        using OnnxCachedScorer onnxScorer = OnnxCachedScorer.Create(network, Vocabulary);
        var comparing = new ComparingScorer(onnxScorer, torchScorer);
        var options = new GenerationOptions { Prompt = "Who are", Length = 25, TopK = 3, Seed = 2 };

        string fromOnnx = new TextGenerator(comparing).Generate(options);

        using var torchAgain = new CachedTorchScorer(network, Vocabulary);
        Assert.Equal(new TextGenerator(torchAgain).Generate(options), fromOnnx);
        Assert.True(comparing.Worst <= Tolerance, $"max |torch - onnx| = {comparing.Worst:E2}");
    }

    [Theory]
    [MemberData(nameof(TransformerTestNetworks.Types), MemberType = typeof(TransformerTestNetworks))]
    public void Export_StepGraph_ComputesNoShapesAndPassesTheChecker(string type)
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(type, Vocabulary.Count);
        ModelProto model = CausalTransformerStepOnnx.Export(network);

        Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Shape" or "ConstantOfShape" or "Size");
        string path = Path.Combine(TestData.NewScratchFolder(), "step.onnx");
        File.WriteAllBytes(path, OnnxModelFile.ToBytes(model));
        OnnxChecker.Check(path);
    }

    [Fact]
    public void Constructor_WindowGraph_SaysItIsNotAStepModel()
    {
        using CausalTransformerNetwork network = TransformerTestNetworks.Build(TransformerConfig.TypeName, Vocabulary.Count);
        byte[] window = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, Vocabulary));

        var error = Assert.Throws<ArgumentException>(() => new OnnxCachedScorer(window, Vocabulary));

        Assert.Contains("Not a decoding-step model", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns the ONNX probabilities and records how far they are from the TorchSharp cache's.</summary>
    private sealed class ComparingScorer(OnnxCachedScorer onnx, CachedTorchScorer torch) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => onnx.Vocabulary;

        public int WindowSize => onnx.WindowSize;

        public double Worst { get; private set; }

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            var expected = new float[probabilities.Length];
            torch.Score(context, expected);
            onnx.Score(context, probabilities);
            Assert.Equal(torch.ContextLength, onnx.ContextLength);
            for (int c = 0; c < expected.Length; c++)
            {
                Worst = Math.Max(Worst, Math.Abs(expected[c] - probabilities[c]));
            }
        }
    }
}
