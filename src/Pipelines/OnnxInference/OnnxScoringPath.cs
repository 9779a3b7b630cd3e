namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>How <see cref="OnnxLanguageModel.Evaluate"/> scores rows.</summary>
public enum OnnxScoringPath
{
    /// <summary>ML.NET's own <c>ApplyOnnxModel</c>: one ONNX Runtime call per row.</summary>
    MlNet,

    /// <summary><see cref="OnnxBatchScoringTransformer"/>: one ONNX Runtime call per block of rows.</summary>
    Batched,
}
