using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;
using static TorchSharp.torch;

namespace LanguageInterpolation.Tests.Trainers.Networks.CausalTransformer;

/// <summary>The original's characters_per_feature: tokens of c characters embedded by one high-order layer with c
/// inputs, attention over T/c tokens, each token predicting the character after its last one.</summary>
public class CharactersPerFeatureTests
{
    private const int Classes = 7;
    private const int Window = 6;

    private static HighOrderTransformer Build(int charactersPerFeature = 2)
    {
        TorchTestSettings.UseOneThread();
        using var generator = new Generator(5);
        var config = new HighOrderTransformerConfig { Width = 8, Heads = 2, Blocks = 1, FeedForwardMultiple = 2, InputSegments = 7, CharactersPerFeature = charactersPerFeature };
        var network = (HighOrderTransformer)config.WithShape(Window, Classes).Build(generator);
        network.eval();
        return network;
    }

    [Fact]
    public void Forward_TwoCharactersPerFeature_GivesOneOutputPerTokenFromTheTokensCharacterValuesInOrder()
    {
        using HighOrderTransformer network = Build();
        using var noGrad = no_grad();
        long[] ids = [1, 2, 3, 4, 5, 6];

        using Tensor logits = network.call(tensor(ids, [1, Window]));                                    // (1, 3, V)
        using Tensor tokens = network.TokenEmbedding.call(tensor(ids, [1, Window]));                     // (1, 3, W)
        // Token 1 reads the values of characters 2 and 3 as the layer's inputs 0 and 1 (bin centres of 7 classes).
        using Tensor pair = tensor(new[] { (float)(-1 + (2 * 3 + 1) / 7.0), (float)(-1 + (2 * 4 + 1) / 7.0) }, [1, 2]);
        using Tensor expected = network.TokenEmbedding.Layer.call(pair);                                 // (1, W)

        Assert.Equal([1L, 3L, Classes], logits.shape);
        Assert.True(tokens[0, 1].allclose(expected[0], rtol: 0, atol: 1e-6), "token 1 is the layer of characters 2 and 3");
    }

    [Fact]
    public void Forward_ChangingACharacterOfTheLastToken_LeavesEarlierTokensUnchanged()
    {
        using HighOrderTransformer network = Build();
        using var noGrad = no_grad();
        using Tensor original = network.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }, [1, Window]));
        using Tensor changed = network.call(tensor(new long[] { 1, 2, 3, 4, 0, 6 }, [1, Window]));

        Assert.True(original.narrow(1, 0, 2).eq(changed.narrow(1, 0, 2)).all().item<bool>());
        Assert.False(original[0, 2].allclose(changed[0, 2]));
    }

    [Fact]
    public void Validate_FeatureNotDividingTheWindow_NamesBoth()
    {
        var config = new HighOrderTransformerConfig { Width = 8, Heads = 2, CharactersPerFeature = 4 }.WithShape(Window, Classes);

        var error = Assert.Throws<ArgumentException>(config.Validate);

        Assert.Contains("CharactersPerFeature must divide the window size (got 4 characters per feature for a 6-character window)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParameterCount_OfTheConfiguration_IsWhatTheModuleRegisters()
    {
        using HighOrderTransformer network = Build(charactersPerFeature: 3);

        Assert.Equal(network.Config.ParameterCount(), network.parameters().Sum(parameter => parameter.numel()));
    }

    [Fact]
    public void Export_WindowGraph_MatchesTorchNextCharacterProbabilities()
    {
        using HighOrderTransformer network = Build();
        var random = new Random(3);
        long[] ids = [.. Enumerable.Range(0, 4 * Window).Select(_ => (long)random.Next(Classes))];
        byte[] model = OnnxModelFile.ToBytes(NetworkOnnxExporter.Export(network, OnnxInputForm.CharacterIds, vocabulary: null));

        var outputs = OnnxRunner.Run(model, OnnxNames.CharacterIds, ids, [4, Window]);

        using var noGrad = no_grad();
        using Tensor expected = nn.functional.softmax(network.NextCharacterLogits(tensor(ids, [4, Window])), 1);
        double worst = expected.data<float>().ToArray().Zip((float[])outputs[OnnxNames.Score], (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"max |torch - onnx| = {worst:E2}");
    }

    [Fact]
    public void Generation_SeveralCharactersPerFeature_HasNoIncrementalDecoding()
    {
        using HighOrderTransformer network = Build();
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["abcdef"]);

        Assert.False(network.CanDecodeIncrementally);
        Assert.Throws<ArgumentException>(() => new CachedTorchScorer(network, vocabulary));
        Assert.Throws<NotSupportedException>(() => network.ExportStep());
        Assert.Equal(Classes, vocabulary.Count);
        Assert.Equal(5, new TextGenerator(new TorchScorer(network, vocabulary)).Generate(new GenerationOptions { Prompt = "abc", Length = 5 }).Length);
    }

    [Fact]
    public void Training_TwoCharactersPerFeature_LearnsTheCharacterAfterEachToken()
    {
        // "abcabc...": the character after a token is fully determined by the token, so every-position training
        // on the right targets drives the loss near 0; wrong targets (any other position's) would leave it high.
        TorchTestSettings.UseOneThread();
        CharacterVocabulary vocabulary = CharacterVocabulary.FromTexts(["abc"]);
        var windows = LanguageInterpolation.Transforms.Windowing.WindowedCorpus.Create(
            new LanguageInterpolation.Transforms.Corpus.TextCorpus([new LanguageInterpolation.Transforms.Corpus.CorpusDocument("abc", string.Concat(Enumerable.Repeat("abc", 400)))]),
            new LanguageInterpolation.Transforms.Windowing.CharacterWindowOptions { WindowSize = Window, Vocabulary = vocabulary, Split = LanguageInterpolation.Transforms.Windowing.SplitKind.Memorize });
        using TrainingData data = TrainingData.FromWindows(windows.Train);
        using var generator = new Generator(1);
        using var network = (HighOrderTransformer)new HighOrderTransformerConfig { Width = 16, Heads = 2, Blocks = 1, InputSegments = 8, CharactersPerFeature = 2 }
            .WithShape(Window, vocabulary.Count).Build(generator);

        TrainingHistory history = new TrainingLoop(network, new TrainingOptions
        {
            Optimizer = new LanguageInterpolation.Trainers.Optimizers.OptimizerOptions { Kind = LanguageInterpolation.Trainers.Optimizers.OptimizerKind.AdamW, LearningRate = 1e-2 },
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Constant },
            MaxEpochs = 60, BatchSize = 8, Seed = 1, Threads = 1,
        }).Run(data);

        Assert.True(history.Epochs[^1].TrainLoss < 0.05, $"final training loss {history.Epochs[^1].TrainLoss:F3}");
    }
}
