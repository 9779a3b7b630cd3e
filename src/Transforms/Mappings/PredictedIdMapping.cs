using Microsoft.ML.Transforms;

namespace LanguageInterpolation.Transforms.Mappings;

/// <summary>
/// Argmax of the <c>Score</c> vector, for scorers whose model runs in ONNX: ML.NET cannot read a scalar
/// output of an ONNX graph through a PredictionEngine, so the predicted class id is computed here and
/// turned into a key by ML.NET's <c>MapValueToKey</c>. Stateless, persisted by contract name.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class PredictedIdMapping : CustomMappingFactory<PredictedIdMapping.Input, PredictedIdMapping.Output>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "LanguageInterpolation.PredictedId";

    /// <summary>Name of the predicted-id column.</summary>
    public const string IdColumn = "PredictedId";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;

    /// <summary>Writes the index of the largest score (the first one on ties).</summary>
    public static void Map(Input input, Output output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        float[] score = input.Score;
        int best = 0;
        for (int i = 1; i < score.Length; i++)
        {
            if (score[i] > score[best])
            {
                best = i;
            }
        }
        output.PredictedId = (uint)best;
    }

    /// <summary>The input row.</summary>
    public sealed class Input
    {
        /// <summary>Class probabilities.</summary>
        public float[] Score { get; set; } = [];
    }

    /// <summary>The output row.</summary>
    public sealed class Output
    {
        /// <summary>The 0-based id of the most probable class.</summary>
        public uint PredictedId { get; set; }
    }
}
