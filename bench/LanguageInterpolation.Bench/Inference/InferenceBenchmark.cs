using System.Diagnostics;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace LanguageInterpolation.Bench.Inference;

/// <summary>
/// Trains the preset briefly on the start of The Dunwich Horror (ASCII vocabulary, windows of 16), exports
/// it, and measures rows per second of every scoring path and characters per second of greedy generation.
/// </summary>
internal sealed class InferenceBenchmark(BenchmarkSettings settings)
{
    private const int GeneratedPerCall = 500;
    private const int TransformRows = 8192;

    /// <summary>Runs everything and returns the report's facts.</summary>
    public BenchmarkResult Run(string repositoryRoot)
    {
        int threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        set_num_threads(threads);
        var mlContext = new MLContext(seed: 0).RegisterLanguageInterpolation();
        TextCorpus text = CorpusReader.Read([Path.Combine(repositoryRoot, "data", "gutenberg", "pg50133-dunwich-horror.txt")]).Truncate(settings.TrainChars);
        CharacterWindowData data = mlContext.Data.LoadCharacterWindows(text, new CharacterWindowOptions());
        Console.Error.WriteLine($"Training {settings.Preset} for {settings.Epochs} epoch(s) on {data.Windows.Train.Count:N0} windows...");
        var clock = Stopwatch.StartNew();
        ITransformer pipeline = TrainerRegistry.CreatePipeline(mlContext, settings.Preset, data,
            new TrainerSettings { MaxEpochs = settings.Epochs, Threads = threads }).Fit(data.Train);
        double trainingSeconds = clock.Elapsed.TotalSeconds;
        NetworkModel network = TrainingRun.FindNetworkModel(pipeline)
            ?? throw new ArgumentException($"Preset {settings.Preset} is not a network.");
        var card = new ModelCard { Vocabulary = data.Vocabulary.Serialize(), WindowSize = data.WindowSize, Trainer = settings.Preset, Network = NetworkJson.Serialize(network.Config) };
        var options = new OnnxLanguageModelOptions { BatchSize = settings.BatchSize, Device = settings.Device };
        using OnnxLanguageModel model = OnnxLanguageModel.FromModel(LanguageModelExporter.ToOnnx(pipeline, card), settings.Preset, options);
        // ONNX Runtime's own default: every core inside each call, one call per block.
        using OnnxLanguageModel sharedThreads = OnnxLanguageModel.FromModel(LanguageModelExporter.ToOnnx(pipeline, card), settings.Preset,
            options with { IntraOpThreads = 0, Parallelism = 1 });

        long[] ids = mlContext.Transforms.Text.FeaturizeCharacterWindow(data.Vocabulary, data.WindowSize).Fit(data.Train).Transform(data.Train)
            .GetColumn<long[]>(CharacterWindowColumns.CharacterIds).Take(TransformRows).SelectMany(window => window).ToArray();
        var rows = new Rows(ids, data.WindowSize);
        IDataView idsView = mlContext.Data.LoadFromEnumerable(
            Enumerable.Range(0, rows.Count).Select(row => new OnnxPredictionEnginePool.CharacterIdsRow { CharacterIds = rows.Ids(row) }).ToArray(),
            OnnxPredictionEnginePool.InputDefinition(data.WindowSize));

        // TorchSharp (OpenMP) and ONNX Runtime (its own pool) both keep their threads spinning for a while
        // after each call; taking turns across the two libraries on 2 cores makes each pay for the other's
        // spinning. So each library's paths take turns among themselves, one library after the other.
        var torch = new TorchScorer(network.Network, data.Vocabulary);
        Probe[] torchScoring = [PerRow("TorchSharp forward (TorchScorer)", torch, rows), TorchBlock(network.Network, data, rows)];
        Probe[] onnxScoring =
        [
            PerRow("ONNX Runtime session (OnnxLanguageModel.Score: 1 intra-op thread)", model, rows),
            PerRow("ONNX Runtime session, ORT default threads (intra-op one per core)", sharedThreads, rows),
            Block("ONNX Runtime session (OnnxLanguageModel.ScoreBatch: chunks in parallel, 1 intra-op thread each)", model, rows),
            Block("ONNX Runtime session, ORT default threads (one call per block)", sharedThreads, rows),
            PerRow("ML.NET PredictionEngine (pooled, ApplyOnnxModel)", model.PredictionEngines, rows),
            Pass("ML.NET Transform (ApplyOnnxModel, one call per row)", "1", model.CreateMlNetScoring(mlContext).Fit(idsView).Transform(idsView), rows.Count),
            Pass("Batched transformer (OnnxBatchScoringTransformer)", settings.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                model.CreateBatchScorer().Transform(idsView), rows.Count),
        ];
        using var pipelineScorer = new PredictionEngineScorer(mlContext, pipeline, data.Vocabulary, data.WindowSize);
        Probe[] torchGeneration = [Generate("TorchSharp forward (TorchScorer)", torch)];
        Probe[] onnxGeneration =
        [
            Generate("ONNX Runtime session (OnnxLanguageModel: 1 intra-op thread)", model),
            Generate("ONNX Runtime session, ORT default threads (intra-op one per core)", sharedThreads),
            Generate("ML.NET PredictionEngine on CharacterIds (pooled)", model.PredictionEngines),
            Generate("ML.NET PredictionEngine on Context text (model zip path, PredictionEngineScorer)", pipelineScorer),
        ];
        Console.Error.WriteLine($"Scoring, {settings.Rounds} rounds:");
        IReadOnlyList<Measurement> scoring = [.. Measurement.RunInterleaved(torchScoring, settings.Rounds, settings.Seconds),
            .. Measurement.RunInterleaved(onnxScoring, settings.Rounds, settings.Seconds)];
        Console.Error.WriteLine($"Greedy generation, {settings.Rounds} rounds:");
        IReadOnlyList<Measurement> generation = [.. Measurement.RunInterleaved(torchGeneration, settings.Rounds, settings.Seconds),
            .. Measurement.RunInterleaved(onnxGeneration, settings.Rounds, settings.Seconds)];
        return new BenchmarkResult(settings, threads, network.ParameterCount, data.WindowSize, data.Vocabulary.Count,
            data.Windows.Train.Count, trainingSeconds, model.ExecutionProvider, scoring, generation);
    }

    private static Probe PerRow(string path, ICharacterScorer scorer, Rows rows)
    {
        var probabilities = new float[scorer.Vocabulary.Count];
        int row = 0;
        return new Probe(path, "1", 1, () =>
        {
            scorer.Score(rows.Window(row), probabilities);
            row = (row + 1) % rows.Count;
        });
    }

    private Probe Block(string path, OnnxLanguageModel model, Rows rows)
    {
        int batch = Math.Min(settings.BatchSize, rows.Count);
        var scores = new float[batch * model.Vocabulary.Count];
        return new Probe(path, batch.ToString(System.Globalization.CultureInfo.InvariantCulture), batch,
            () => model.ScoreBatch(rows.All.AsMemory(0, batch * rows.WindowSize), scores));
    }

    private Probe TorchBlock(LanguageNetwork network, CharacterWindowData data, Rows rows)
    {
        int batch = Math.Min(settings.BatchSize, rows.Count);
        float[] inputValues = data.Vocabulary.InputValues();
        float[] values = rows.All.Take(batch * rows.WindowSize).Select(id => inputValues[id]).ToArray();
        var scores = new float[batch * data.Vocabulary.Count];
        return new Probe("TorchSharp forward (network, no_grad)", batch.ToString(System.Globalization.CultureInfo.InvariantCulture), batch, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor p = nn.functional.softmax(network.forward(tensor(values, [batch, rows.WindowSize])), 1);   // (B, V)
            p.data<float>().CopyTo(scores);
        });
    }

    private static Probe Pass(string path, string batch, IDataView scored, int rowCount) =>
        new(path, batch, rowCount, () =>
        {
            using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema[CharacterWindowColumns.Score]]);
            ValueGetter<VBuffer<float>> getScore = cursor.GetGetter<VBuffer<float>>(scored.Schema[CharacterWindowColumns.Score]);
            VBuffer<float> score = default;
            while (cursor.MoveNext())
            {
                getScore(ref score);
            }
        });

    private static Probe Generate(string path, ICharacterScorer scorer)
    {
        var generator = new TextGenerator(scorer);
        var options = new GenerationOptions { Length = GeneratedPerCall };
        return new Probe(path, "1", GeneratedPerCall, () => generator.Generate(options));
    }

    /// <summary>Windows of class ids, row after row.</summary>
    private sealed class Rows(long[] ids, int windowSize)
    {
        private readonly int[][] _windows = Enumerable.Range(0, ids.Length / windowSize)
            .Select(row => ids.AsSpan(row * windowSize, windowSize).ToArray().Select(id => (int)id).ToArray()).ToArray();

        public long[] All => ids;

        public int WindowSize => windowSize;

        public int Count => _windows.Length;

        public int[] Window(int row) => _windows[row];

        public long[] Ids(int row) => ids.AsSpan(row * windowSize, windowSize).ToArray();
    }
}
