namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>What an exported network graph takes as input.</summary>
public enum OnnxInputForm
{
    /// <summary><c>CharacterIds</c>: int64 (batch, N) vocabulary ids. Outputs <c>Score</c> (batch, V)
    /// probabilities and <c>PredictedLabel</c> (batch) int64. The deployment form.</summary>
    CharacterIds,

    /// <summary><c>CharacterIds</c>: int64 (N), one window, and <c>Score</c> (V) only: the form ML.NET's
    /// <c>ApplyOnnxModel</c> scores row by row (it needs known-size columns).</summary>
    CharacterIdsRow,

    /// <summary><c>CharacterIds</c>: float (N), one window of ids held as Single (what ML.NET's permutation
    /// feature importance can permute), and <c>Score</c> (V) only.</summary>
    CharacterIdValuesRow,
}
