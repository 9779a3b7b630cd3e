namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The names every decoding-step graph (<see cref="IIncrementalNetwork.ExportStep"/>) follows, so that one
/// generic runner (<c>OnnxCachedScorer</c>) drives the step graph of any network family: <see cref="CharacterIds"/>
/// int64 [batch, 1] in; optionally <see cref="Position"/> int64 [1] (positions read so far); every state tensor as
/// an input named <see cref="StateInputPrefix"/> + name and the next state as the output
/// <see cref="StateOutputPrefix"/> + the same name; <see cref="Score"/> float [batch, V] (softmax) out. A state
/// input's dimensions are "batch" first and either fixed or growing from 0 (a key/value cache), so the initial
/// state is all zeros with every symbolic dimension but the batch at 0. The metadata's
/// <see cref="CapacityKey"/> says how many positions a state holds before it must be cleared (0: no limit).
/// </summary>
public static class DecodingStepContract
{
    /// <summary>The new characters' ids input.</summary>
    public const string CharacterIds = "CharacterIds";

    /// <summary>The optional position input.</summary>
    public const string Position = "Position";

    /// <summary>The probabilities output.</summary>
    public const string Score = "Score";

    /// <summary>Prefix of the state inputs.</summary>
    public const string StateInputPrefix = "past_";

    /// <summary>Prefix of the next-state outputs.</summary>
    public const string StateOutputPrefix = "present_";

    /// <summary>Metadata key that marks a decoding-step graph (value <see cref="GraphKind"/>).</summary>
    public const string GraphKey = "li.graph";

    /// <summary>The value of <see cref="GraphKey"/>.</summary>
    public const string GraphKind = "decoding_step";

    /// <summary>Metadata key of the positions a state holds before it must be cleared (0: unlimited).</summary>
    public const string CapacityKey = "li.step_capacity";

    /// <summary>The file an exported model's step graph is written to, next to the window graph:
    /// <c>model.onnx</c> -> <c>model.step.onnx</c>.</summary>
    public static string StepPathFor(string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(onnxPath);
        return Path.ChangeExtension(onnxPath, ".step.onnx");
    }
}
