namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>What an exported graph takes as input.</summary>
public enum OnnxInputForm
{
    /// <summary><c>CharacterIds</c>: int64 (batch, N) vocabulary ids; the encoding is inside the graph.
    /// Outputs <c>Score</c> (batch, V) probabilities and <c>PredictedLabel</c> (batch) int64. The deployment form.</summary>
    CharacterIds,

    /// <summary><c>Features</c>: float (batch, N) input values. Same outputs as <see cref="CharacterIds"/>.</summary>
    Features,

    /// <summary><c>Features</c>: float (N), one window, and <c>Score</c> (V) only: the form ML.NET's
    /// <c>ApplyOnnxModel</c> scores row by row (it needs known-size columns).</summary>
    FeaturesRow,
}
