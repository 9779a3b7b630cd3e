using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>The ML.NET side of an exported model: ML.NET's own ONNX scoring, prediction engines, the batched transformer and evaluation.</summary>
public sealed partial class OnnxLanguageModel
{
    private readonly Lazy<MlNetScoring> _mlNet;

    /// <summary>
    /// ML.NET prediction engines over <see cref="CreateMlNetScoring"/>, pooled so that scoring is thread-safe:
    /// the ML.NET <c>PredictionEngine</c> path as an <see cref="Generation.ICharacterScorer"/>.
    /// </summary>
    public OnnxPredictionEnginePool PredictionEngines => _mlNet.Value.Engines;

    /// <summary>
    /// ML.NET scoring of the <c>CharacterIds</c> column (a known-size vector of Int64) through ML.NET's
    /// <c>ApplyOnnxModel</c>: <c>Score</c> and <c>PredictedLabel</c> (a key over the vocabulary, the argmax
    /// of <c>Score</c>). ML.NET accepts the dynamic-batch input as it is (it runs one row per call, batch 1)
    /// and reads the <c>PredictedLabel</c> output only as a one-element int64 vector, so the key is computed
    /// from <c>Score</c>. On the GPU only when this model's session is (a device id otherwise fails with the
    /// CPU package).
    /// </summary>
    public IEstimator<ITransformer> CreateMlNetScoring(MLContext mlContext) =>
        NetworkScoring.Create(mlContext, _bytes, OnnxNames.CharacterIds, Vocabulary.Count, UsesGpu ? Options.GpuDeviceId : null);

    /// <summary>The featurizer (<c>Context</c> text to <c>CharacterIds</c>) followed by <see cref="CreateMlNetScoring"/>:
    /// the exported model as a complete ML.NET pipeline over character windows or raw contexts.</summary>
    public IEstimator<ITransformer> CreateMlNetPipeline(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Transforms.Text.FeaturizeCharacterWindow(Vocabulary, WindowSize).Append(CreateMlNetScoring(mlContext));
    }

    /// <summary>An ML.NET transformer that scores <see cref="OnnxLanguageModelOptions.BatchSize"/> rows per session call
    /// (reading <c>CharacterIds</c>, or else <c>Features</c>); see <see cref="OnnxBatchScoringTransformer"/>.</summary>
    public OnnxBatchScoringTransformer CreateBatchScorer() => new(this, Options.BatchSize);

    /// <summary>Scores character windows (<c>Context</c> or <c>Features</c>, and <c>Label</c>) and measures them with
    /// ML.NET's multiclass evaluator, through either path; both give the same metrics.</summary>
    public LanguageModelMetrics Evaluate(IDataView windows, OnnxScoringPath path = OnnxScoringPath.Batched, int topK = LanguageModelEvaluator.DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        MlNetScoring mlNet = _mlNet.Value;
        IDataView scored = path switch
        {
            OnnxScoringPath.Batched => CreateBatchScorer().Transform(windows),
            OnnxScoringPath.MlNet => mlNet.Scoring.Transform(windows.Schema.GetColumnOrNull(OnnxNames.CharacterIds) is null
                ? mlNet.Context.Transforms.Text.FeaturizeCharacterWindow(Vocabulary, WindowSize).Fit(windows).Transform(windows)
                : windows),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown scoring path."),
        };
        return LanguageModelEvaluator.Measure(mlNet.Context, scored, topK);
    }

    private MlNetScoring CreateMlNet()
    {
        var mlContext = new MLContext(seed: 0).RegisterLanguageInterpolation();
        IDataView empty = mlContext.Data.LoadFromEnumerable(Array.Empty<OnnxPredictionEnginePool.CharacterIdsRow>(),
            OnnxPredictionEnginePool.InputDefinition(WindowSize));
        ITransformer scoring = CreateMlNetScoring(mlContext).Fit(empty);
        return new MlNetScoring(mlContext, scoring, new OnnxPredictionEnginePool(mlContext, scoring, Vocabulary, WindowSize));
    }

    /// <summary>The ML.NET scoring fitted once per model, with its engine pool.</summary>
    private sealed record MlNetScoring(MLContext Context, ITransformer Scoring, OnnxPredictionEnginePool Engines) : IDisposable
    {
        public void Dispose()
        {
            Engines.Dispose();
            (Scoring as IDisposable)?.Dispose();
        }
    }
}
