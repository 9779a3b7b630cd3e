using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.OnnxInference;

[Collection(OnnxInferenceCollection.Name)]
public sealed class OnnxLanguageModelTests(OnnxInferenceFixture fixture)
{
    private static readonly GenerationOptions Greedy = new() { Prompt = "the old man", Length = 40 };

    [Fact]
    public void Load_OnnxFile_DescribesTheModelAndRunsOnTheCpu()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.Network.OnnxPath);

        Assert.Equal(fixture.Vocabulary, model.Vocabulary);
        Assert.Equal(OnnxInferenceFixture.WindowSize, model.WindowSize);
        Assert.Equal(WindowKind.Sequence, model.WindowKind);
        Assert.Equal(fixture.Network.Card.Network, model.Description.Network);
        if (!CudaListed())
        {
            Assert.Equal("CPUExecutionProvider", model.ExecutionProvider);
            Assert.False(model.UsesGpu);
            Assert.Contains("no CUDA provider", model.GpuFallbackReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_CudaAskedForOnACpuBuild_ThrowsNamingTheGpuBuild()
    {
        if (CudaListed())
        {
            return; // A GPU build: CUDA may well start here.
        }

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(
            () => OnnxLanguageModel.Load(fixture.Network.OnnxPath, new OnnxLanguageModelOptions { Device = OnnxDevice.Cuda }));

        Assert.Contains("-p:UseGpu=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidOptions_NamesEveryBadOption()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxLanguageModel.Load(fixture.Network.OnnxPath,
            new OnnxLanguageModelOptions { BatchSize = 0, GpuDeviceId = -1, IntraOpThreads = -2, Parallelism = -1 }));

        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("GpuDeviceId", error.Message, StringComparison.Ordinal);
        Assert.Contains("IntraOpThreads must not be negative (got -2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Parallelism must not be negative (got -1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm")]
    public void Load_ModelZip_ScoresAsTheOnnxFile(string name)
    {
        using OnnxLanguageModel fromFile = OnnxLanguageModel.Load(fixture.Model(name).OnnxPath);
        using OnnxLanguageModel fromZip = OnnxLanguageModel.Load(fixture.Model(name).ZipPath);

        Assert.Equal(fromFile.Description.Vocabulary, fromZip.Description.Vocabulary);
        Assert.Equal(fromFile.Run(fixture.ValidationIds).Scores, fromZip.Run(fixture.ValidationIds).Scores);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm")]
    [InlineData("lightgbm-categorical")]
    public void Score_EveryPath_SameProbabilitiesAsThePipeline(string name)
    {
        TrainedModel trained = fixture.Model(name);
        using OnnxLanguageModel model = OnnxLanguageModel.Load(trained.OnnxPath);
        (float[][] expected, _) = fixture.ScoreWithPipeline(trained.Pipeline);
        int classes = model.Vocabulary.Count;
        var session = new float[classes];
        var engines = new float[classes];
        var batch = new float[fixture.ValidationRows * classes];
        model.ScoreBatch(fixture.ValidationIds, batch);

        for (int row = 0; row < 200; row++)
        {
            int[] window = Window(row);
            model.Score(window, session);
            model.PredictionEngines.Score(window, engines);
            // Same file, same ONNX Runtime: a row scores alike alone or in a block, up to kernel rounding.
            AssertClose(expected[row], session, 1e-5);
            AssertClose(session, engines, 1e-6);
            AssertClose(session, batch.AsSpan(row * classes, classes).ToArray(), 1e-6);
        }
    }

    [Theory]
    [InlineData("small")]
    [InlineData("lightgbm-categorical")]
    public void Run_PredictedLabel_IsTheMostProbableClass(string name)
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.Model(name).OnnxPath);

        (float[] scores, long[] labels) = model.Run(fixture.ValidationIds);

        int classes = model.Vocabulary.Count;
        for (int row = 0; row < labels.Length; row++)
        {
            ReadOnlySpan<float> p = scores.AsSpan(row * classes, classes);
            Assert.Equal(p[(int)labels[row]], MaxOf(p));
        }
    }

    [Fact]
    public void Score_ManyThreads_SameAsOneThread()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.Network.OnnxPath);
        const int Rows = 300;
        int classes = model.Vocabulary.Count;
        float[][] sequential = Enumerable.Range(0, Rows).Select(row => ScoreWith(model, row)).ToArray();
        float[][] sequentialEngines = Enumerable.Range(0, Rows).Select(row => ScoreWith(model.PredictionEngines, row)).ToArray();
        var parallel = new float[Rows][];
        var parallelEngines = new float[Rows][];

        Parallel.For(0, Rows * 2, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int row = i / 2;
            if (i % 2 == 0)
            {
                parallel[row] = ScoreWith(model, row);
            }
            else
            {
                parallelEngines[row] = ScoreWith(model.PredictionEngines, row);
            }
        });

        for (int row = 0; row < Rows; row++)
        {
            Assert.Equal(sequential[row], parallel[row]);
            Assert.Equal(sequentialEngines[row], parallelEngines[row]);
        }
        Assert.Equal(Rows, sequential.Select(scores => scores.Length).Count(length => length == classes));
    }

    [Fact]
    public void PredictionEngines_Disposed_TheSharedMlNetScoringStillWorks()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.Network.OnnxPath);
        float[] before = ScoreWith(model.PredictionEngines, 0);

        // Disposing engines (as the pool does with those beyond the ones it keeps) must not dispose the
        // transformer they share: ML.NET engines own theirs unless told otherwise.
        model.PredictionEngines.Dispose();
        LanguageModelMetrics metrics = model.Evaluate(fixture.Data.Validation, OnnxScoringPath.MlNet);

        Assert.Equal(fixture.ValidationRows, metrics.Rows);
        Assert.Equal(fixture.Vocabulary.Count, before.Length);
    }

    // The network pipeline runs the same graph as the file: only rounding differs. ML.NET evaluates
    // LightGBM in double, the file in float; for the true class's tiniest probabilities (1e-15 against 0,
    // clamped by the evaluator) that moves the mean log-loss by up to about 5e-4 nats.
    [Theory]
    [InlineData("small", 1e-6)]
    [InlineData("lightgbm", 1e-3)]
    [InlineData("lightgbm-categorical", 1e-3)]
    public void Evaluate_BatchedAndMlNetPaths_SameMetricsAsThePipeline(string name, double logLossTolerance)
    {
        TrainedModel trained = fixture.Model(name);
        using OnnxLanguageModel model = OnnxLanguageModel.Load(trained.OnnxPath, new OnnxLanguageModelOptions { BatchSize = 100 });
        LanguageModelMetrics pipeline = LanguageModelEvaluator.Evaluate(fixture.MlContext, trained.Pipeline, fixture.Data.Validation);

        LanguageModelMetrics batched = model.Evaluate(fixture.Data.Validation, OnnxScoringPath.Batched);
        LanguageModelMetrics mlNet = model.Evaluate(fixture.Data.Validation, OnnxScoringPath.MlNet);

        Assert.Equal(fixture.ValidationRows, batched.Rows);
        Assert.Equal(mlNet.Accuracy, batched.Accuracy);
        Assert.Equal(mlNet.TopKAccuracy, batched.TopKAccuracy);
        // Both paths run the same file; blocks and single rows differ only in summation order (ONNX Runtime's
        // reductions vectorise by shape): far below a printed digit.
        Assert.Equal(mlNet.LogLoss, batched.LogLoss, 1e-9);
        Assert.Equal(pipeline.Accuracy, batched.Accuracy);
        Assert.Equal(pipeline.TopKAccuracy, batched.TopKAccuracy);
        Assert.Equal(pipeline.LogLoss, batched.LogLoss, logLossTolerance);
    }

    [Fact]
    public void Generate_Greedy_SameTextFromTorchSharpTheModelZipAndTheOnnxFile()
    {
        NetworkModel network = TrainingRun.FindNetworkModel(fixture.Network.Pipeline)!;
        LoadedLanguageModel zip = LanguageModelFile.Load(fixture.MlContext, fixture.Network.ZipPath);
        using var zipScorer = new PredictionEngineScorer(fixture.MlContext, zip.Model, zip.Card.VocabularyObject, zip.Card.WindowSize);
        using OnnxLanguageModel onnx = OnnxLanguageModel.Load(fixture.Network.OnnxPath);

        string fromTorch = new TextGenerator(new TorchScorer(network.Network, fixture.Vocabulary)).Generate(Greedy);
        string fromZip = new TextGenerator(zipScorer).Generate(Greedy);
        string fromOnnx = new TextGenerator(onnx).Generate(Greedy);
        string fromEngines = new TextGenerator(onnx.PredictionEngines).Generate(Greedy);

        Assert.Equal(Greedy.Length, fromOnnx.Length);
        Assert.Equal(fromTorch, fromOnnx);
        Assert.Equal(fromZip, fromOnnx);
        Assert.Equal(fromEngines, fromOnnx);
    }

    [Fact]
    public void Generate_TopKWithSeed_SameTextFromSessionAndPredictionEngines()
    {
        using OnnxLanguageModel onnx = OnnxLanguageModel.Load(fixture.LightGbm.OnnxPath);
        var sampled = Greedy with { TopK = 5, Temperature = 0.8, Seed = 11 };

        string fromSession = new TextGenerator(onnx).Generate(sampled);
        string fromEngines = new TextGenerator(onnx.PredictionEngines).Generate(sampled);

        Assert.Equal(fromSession, fromEngines);
        Assert.NotEqual(new TextGenerator(onnx).Generate(Greedy), fromSession);
    }

    [Fact]
    public void Score_WrongWindowLength_ThrowsNamingTheLength()
    {
        using OnnxLanguageModel model = OnnxLanguageModel.Load(fixture.Network.OnnxPath);

        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Score(new int[3], new float[model.Vocabulary.Count]));

        Assert.Contains("Expected 8 class ids, got 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveOnnx_LoadedFromZip_WritesALoadableFile()
    {
        string path = Path.Combine(fixture.Folder, "saved-from-zip.onnx");
        using (OnnxLanguageModel fromZip = OnnxLanguageModel.Load(fixture.Network.ZipPath))
        {
            fromZip.SaveOnnx(path);
        }

        using OnnxLanguageModel reloaded = OnnxLanguageModel.Load(path);

        Assert.Equal(fixture.Vocabulary, reloaded.Vocabulary);
    }

    private static bool CudaListed() => OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider");

    private int[] Window(int row) =>
        fixture.ValidationIds.AsSpan(row * OnnxInferenceFixture.WindowSize, OnnxInferenceFixture.WindowSize).ToArray().Select(id => (int)id).ToArray();

    private float[] ScoreWith(ICharacterScorer scorer, int row)
    {
        var probabilities = new float[scorer.Vocabulary.Count];
        scorer.Score(Window(row), probabilities);
        return probabilities;
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float value in values)
        {
            max = Math.Max(max, value);
        }
        return max;
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"class {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }
}
