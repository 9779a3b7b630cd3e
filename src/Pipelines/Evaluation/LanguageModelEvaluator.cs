using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.Evaluation;

/// <summary>Evaluates any fitted pipeline that writes <c>Score</c> and <c>PredictedLabel</c>, through
/// ML.NET's <c>MulticlassClassification.Evaluate</c>.</summary>
public static class LanguageModelEvaluator
{
    /// <summary>The k of the reported top-k accuracy.</summary>
    public const int DefaultTopK = 5;

    /// <summary>Scores <paramref name="data"/> with <paramref name="model"/> and measures it.</summary>
    public static LanguageModelMetrics Evaluate(MLContext mlContext, ITransformer model, IDataView data, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return Measure(mlContext, model.Transform(data), topK);
    }

    /// <summary>Measures rows that are already scored.</summary>
    public static LanguageModelMetrics Measure(MLContext mlContext, IDataView scored, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(scored);
        MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(
            scored, CharacterWindowColumns.Label, CharacterWindowColumns.Score, CharacterWindowColumns.PredictedLabel, topKPredictionCount: topK);
        long rows = scored.GetRowCount() ?? CountRows(scored);
        return new LanguageModelMetrics(rows, metrics.MicroAccuracy, metrics.TopKAccuracy, topK, metrics.LogLoss);
    }

    private static long CountRows(IDataView data)
    {
        long rows = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            rows++;
        }
        return rows;
    }
}
