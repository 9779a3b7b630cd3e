using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// An ML.NET transformer that scores rows in blocks through an <see cref="OnnxLanguageModel"/>'s ONNX
/// Runtime session (<see cref="OnnxLanguageModelOptions.BatchSize"/> rows per call, on the GPU when the
/// model runs there), where ML.NET's <c>ApplyOnnxModel</c> calls the session once per row. It reads the
/// window from <c>CharacterIds</c> (a known-size vector of Int64), or else from <c>Features</c> (the
/// vocabulary's input values, mapped back to ids), and adds <c>Score</c> (class probabilities) and
/// <c>PredictedLabel</c> (a key over the vocabulary named by its characters, the argmax of <c>Score</c>,
/// as the ML.NET path computes it), so its output goes straight into
/// <c>MulticlassClassification.Evaluate</c>. Other columns pass through.
/// </summary>
/// <remarks>
/// Only <see cref="Transform"/> and <see cref="GetOutputSchema"/> are supported: it is not a row-to-row
/// mapper (a row's scores exist only once its block is scored), so it has no prediction engine, and it
/// cannot be saved into an ML.NET model zip. Save the ONNX file instead (<see cref="OnnxLanguageModel.SaveOnnx"/>)
/// and load it again with <see cref="OnnxLanguageModel.Load"/>.
/// </remarks>
public sealed class OnnxBatchScoringTransformer : ITransformer
{
    private readonly OnnxLanguageModel _model;

    internal OnnxBatchScoringTransformer(OnnxLanguageModel model, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _model = model;
        BatchSize = batchSize;
    }

    /// <summary>Rows per session call.</summary>
    public int BatchSize { get; }

    /// <summary>False: rows are scored in blocks.</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The input schema plus <c>Score</c> and <c>PredictedLabel</c>.</summary>
    /// <exception cref="ArgumentException">Neither a usable <c>CharacterIds</c> nor <c>Features</c> column.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ResolveSource(inputSchema);
        return OnnxBatchScoringDataView.OutputSchema(inputSchema, _model.Vocabulary);
    }

    /// <summary>Not supported: rows are scored in blocks, not one at a time.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("The batched ONNX scorer is not a row-to-row mapper; use OnnxLanguageModel.PredictionEngines or CreateMlNetScoring for one row at a time.");

    /// <summary>Scores <paramref name="input"/> lazily, block by block, as cursors move.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new OnnxBatchScoringDataView(input, ResolveSource(input.Schema), _model, BatchSize);
    }

    /// <summary>Not supported: see the remarks.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("The batched ONNX scorer cannot be saved in an ML.NET model; save the ONNX file (OnnxLanguageModel.SaveOnnx) and load it with OnnxLanguageModel.Load.");

    private OnnxBatchScoringDataView.Source ResolveSource(DataViewSchema schema)
    {
        int windowSize = _model.WindowSize;
        if (schema.GetColumnOrNull(OnnxNames.CharacterIds) is { } ids)
        {
            return ids.Type is VectorDataViewType { ItemType: var item, Size: var size } && item == NumberDataViewType.Int64 && size == windowSize
                ? new(ids, FromFeatures: false)
                : throw new ArgumentException($"Column '{OnnxNames.CharacterIds}': expected a known-size vector of {windowSize} Int64, got {ids.Type}.");
        }
        if (schema.GetColumnOrNull(CharacterWindowColumns.Features) is { } features)
        {
            return features.Type is VectorDataViewType { ItemType: var item, Size: var size } && item == NumberDataViewType.Single && size == windowSize
                ? new(features, FromFeatures: true)
                : throw new ArgumentException($"Column '{CharacterWindowColumns.Features}': expected a known-size vector of {windowSize} Single, got {features.Type}.");
        }
        throw new ArgumentException(
            $"Neither '{OnnxNames.CharacterIds}' (vector of {windowSize} Int64) nor '{CharacterWindowColumns.Features}' (vector of {windowSize} Single) found; columns: {string.Join(", ", schema.Select(column => column.Name))}.");
    }
}
