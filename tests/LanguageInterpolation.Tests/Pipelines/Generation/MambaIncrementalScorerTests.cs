using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Tests.Trainers.Networks.Mamba;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Pipelines.Generation;

/// <summary>The generic incremental scorers (CachedTorchScorer, OnnxCachedScorer) over a Mamba network and its recurrent state.</summary>
public class MambaIncrementalScorerTests
{
    private const int Window = 8;

    // Stateful and whole-window passes run the same float32 kernels on differently cut tensors: a few ulps.
    private const double Tolerance = 1e-5;

    // The bound for ONNX Runtime against TorchSharp.
    private const double OnnxTolerance = 1e-4;

    private static MambaNetwork Network(string type = StandardMambaConfig.TypeName) =>
        MambaTestNetworks.Build(type, CharacterVocabulary.Ascii.Count, seed: 9, window: Window);

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Generate_EveryPrediction_IsTheForwardPassOnTheCharactersTheStateRead(string type)
    {
        using MambaNetwork network = Network(type);
        using var stateful = new CachedTorchScorer(network, CharacterVocabulary.Ascii);
        var checking = new CheckingScorer(stateful, network);

        string text = new TextGenerator(checking).Generate(new GenerationOptions { Prompt = "Who are you?", Length = 30, TopK = 3, Seed = 4 });

        Assert.Equal(30, text.Length);
        Assert.Equal(30, checking.Calls);
        // The prompt's window, then a full state restarts from the last 4 characters and grows one step at a time to 8.
        Assert.Equal([8, 4, 5, 6, 7, 8, 4, 5], checking.ContextLengths.Take(8));
    }

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Generate_Greedy_IsTheTextOfRecomputingTheSameContexts(string type)
    {
        // The state holds N characters after the prompt's window, then N/2, N/2 + 1, ..., N after each restart: a
        // scorer that recomputes a whole forward pass on exactly those suffixes must give the same greedy text.
        using MambaNetwork network = Network(type);
        var options = new GenerationOptions { Prompt = "Who are you?", Length = 40, TopK = 1 };
        using var stateful = new CachedTorchScorer(network, CharacterVocabulary.Ascii);

        string withState = new TextGenerator(stateful).Generate(options);
        string recomputed = new TextGenerator(new SuffixRecomputingScorer(network)).Generate(options);

        Assert.Equal(recomputed, withState);
    }

    [Fact]
    public void Generate_LongText_CostsAboutTwoPositionsPerCharacter()
    {
        using MambaNetwork network = Network();
        using var stateful = new CachedTorchScorer(network, CharacterVocabulary.Ascii);

        new TextGenerator(stateful).Generate(new GenerationOptions { Prompt = "Who are you?", Length = 100 });

        Assert.InRange(stateful.PositionsRead, 100, Window + 2 * 100);
    }

    [Theory]
    [MemberData(nameof(MambaTestNetworks.Types), MemberType = typeof(MambaTestNetworks))]
    public void Generate_StepGraph_GivesTheTorchStateProbabilitiesAndText(string type)
    {
        using MambaNetwork network = Network(type);
        using var torchScorer = new CachedTorchScorer(network, CharacterVocabulary.Ascii);
        using OnnxCachedScorer onnxScorer = OnnxCachedScorer.Create(network, CharacterVocabulary.Ascii);
        var comparing = new ComparingScorer(onnxScorer, torchScorer);
        var options = new GenerationOptions { Prompt = "Who are", Length = 25, TopK = 3, Seed = 2 };

        string fromOnnx = new TextGenerator(comparing).Generate(options);

        using var torchAgain = new CachedTorchScorer(network, CharacterVocabulary.Ascii);
        Assert.Equal(new TextGenerator(torchAgain).Generate(options), fromOnnx);
        Assert.True(comparing.Worst <= OnnxTolerance, $"max |torch - onnx| = {comparing.Worst:E2}");
    }

    [Fact]
    public void Constructor_VocabularyOfAnotherSize_Throws()
    {
        using MambaNetwork network = Network();

        var error = Assert.Throws<ArgumentException>(() => new CachedTorchScorer(network, CharacterVocabulary.FromTexts(["abc"])));

        Assert.Contains("but the network predicts 128 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxConstructor_WindowGraph_SaysItIsNotAStepModel()
    {
        using MambaNetwork network = Network();
        byte[] window = LanguageInterpolation.Common.Onnx.OnnxModelFile.ToBytes(
            LanguageInterpolation.Trainers.Onnx.NetworkOnnxExporter.Export(network, LanguageInterpolation.Trainers.Onnx.OnnxInputForm.CharacterIds, CharacterVocabulary.Ascii));

        var error = Assert.Throws<ArgumentException>(() => new OnnxCachedScorer(window, CharacterVocabulary.Ascii));

        Assert.Contains("Not a decoding-step model", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Checks every stateful prediction against a plain forward pass on the characters the state read.</summary>
    private sealed class CheckingScorer(CachedTorchScorer stateful, MambaNetwork network) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => stateful.Vocabulary;

        public int WindowSize => stateful.WindowSize;

        public int Calls { get; private set; }

        public List<int> ContextLengths { get; } = [];

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            stateful.Score(context, probabilities);
            Calls++;
            int length = stateful.ContextLength;
            ContextLengths.Add(length);
            long[] suffix = context[^length..].ToArray().Select(id => (long)id).ToArray();
            using var noGrad = no_grad();
            using Tensor expected = nn.functional.softmax(network.NextCharacterLogits(tensor(suffix, [1, length])), 1);
            float[] values = expected.data<float>().ToArray();
            for (int c = 0; c < values.Length; c++)
            {
                Assert.True(Math.Abs(values[c] - probabilities[c]) <= Tolerance, $"call {Calls}, context {length}, class {c}: {values[c]} vs {probabilities[c]}");
            }
        }
    }

    /// <summary>Recomputes the forward pass on the suffix of the window that the stateful scorer's plan holds.</summary>
    private sealed class SuffixRecomputingScorer(MambaNetwork network) : ICharacterScorer
    {
        private int _calls;

        public CharacterVocabulary Vocabulary => CharacterVocabulary.Ascii;

        public int WindowSize => Window;

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            int length = _calls == 0 ? Window : Window / 2 + (_calls - 1) % (Window - Window / 2 + 1);
            _calls++;
            long[] suffix = context[^length..].ToArray().Select(id => (long)id).ToArray();
            using var noGrad = no_grad();
            using Tensor logits = network.NextCharacterLogits(tensor(suffix, [1, length]));
            nn.functional.softmax(logits, 1).data<float>().CopyTo(probabilities);
        }
    }

    /// <summary>Scores with the ONNX scorer and records the largest difference from the TorchSharp one.</summary>
    private sealed class ComparingScorer(OnnxCachedScorer onnx, CachedTorchScorer torch) : ICharacterScorer
    {
        public CharacterVocabulary Vocabulary => onnx.Vocabulary;

        public int WindowSize => onnx.WindowSize;

        public double Worst { get; private set; }

        public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
        {
            onnx.Score(context, probabilities);
            var expected = new float[probabilities.Length];
            torch.Score(context, expected);
            for (int c = 0; c < expected.Length; c++)
            {
                Worst = Math.Max(Worst, Math.Abs(expected[c] - probabilities[c]));
            }
        }
    }
}
