using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>
/// Measures how fast a fitted pipeline scores rows: the seam through which the comparison times inference.
/// <see cref="TransformInferenceMeter"/> times ML.NET's own <c>Transform</c>; a batched scorer (for instance
/// one over the network's ONNX graph) plugs in by implementing this interface and passing it as
/// <see cref="ComparisonOptions.InferenceMeter"/>.
/// </summary>
public interface IInferenceMeter
{
    /// <summary>A short name for reports ("ml.net-transform").</summary>
    string Name { get; }

    /// <summary>Scores every row of <paramref name="rows"/> (window columns: <c>Context</c>, <c>Features</c>,
    /// <c>Label</c>) with <paramref name="model"/> and times it.</summary>
    InferenceMeasurement Measure(MLContext mlContext, ITransformer model, IDataView rows);
}
