using System.Diagnostics;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>
/// Times ML.NET's row-by-row scoring: <c>model.Transform(rows)</c>, then a cursor that reads the
/// <c>Score</c> vector of every row (ML.NET computes columns lazily, so reading the scores is what runs the
/// model). A short warm-up pass first creates sessions and fills caches, and is not timed.
/// </summary>
public sealed class TransformInferenceMeter : IInferenceMeter
{
    /// <summary>The meter's name in reports.</summary>
    public const string MeterName = "ml.net-transform";

    /// <inheritdoc />
    public string Name => MeterName;

    /// <inheritdoc />
    public InferenceMeasurement Measure(MLContext mlContext, ITransformer model, IDataView rows)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        ReadScores(model.Transform(mlContext.Data.TakeRows(rows, ComparisonDefaults.InferenceWarmupRows)));
        var clock = Stopwatch.StartNew();
        long count = ReadScores(model.Transform(rows));
        clock.Stop();
        return new InferenceMeasurement(Name, count, clock.Elapsed);
    }

    private static long ReadScores(IDataView scored)
    {
        DataViewSchema.Column score = scored.Schema.GetColumnOrNull(CharacterWindowColumns.Score)
            ?? throw new ArgumentException($"Column '{CharacterWindowColumns.Score}': the pipeline does not write scores.");
        using DataViewRowCursor cursor = scored.GetRowCursor([score]);
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(score);
        VBuffer<float> buffer = default;
        long count = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            count++;
        }
        return count;
    }
}
