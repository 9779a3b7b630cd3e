using Microsoft.ML.OnnxRuntime;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Runs an exported language model with a plain ONNX Runtime session at full graph optimisation
/// (ORT_ENABLE_ALL), independently of the project's own consumer.</summary>
public static class OrtRunner
{
    /// <summary>Scores rows of class ids in one call; returns <c>Score</c> (rows x V) and <c>PredictedLabel</c>.</summary>
    public static (float[] Scores, long[] Labels) Run(string path, long[] ids, int windowSize)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(path, options);
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [ids.Length / windowSize, windowSize]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, ["CharacterIds"], [input], ["Score", "PredictedLabel"]);
        return (results.First().GetTensorDataAsSpan<float>().ToArray(), results.Last().GetTensorDataAsSpan<long>().ToArray());
    }

    /// <summary>The largest absolute difference between ONNX scores (rows x V, flat) and per-row scores.</summary>
    public static double MaxDifference(float[] flat, float[][] rows)
    {
        int classes = rows[0].Length;
        double max = 0;
        for (int row = 0; row < rows.Length; row++)
        {
            for (int c = 0; c < classes; c++)
            {
                max = Math.Max(max, Math.Abs(flat[row * classes + c] - rows[row][c]));
            }
        }
        return max;
    }
}
