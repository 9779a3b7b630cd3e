using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>What an exported language model is, as its ONNX file declares it (checked by <see cref="OnnxModelContract"/>).</summary>
/// <param name="Vocabulary">The vocabulary (<c>li.vocabulary</c>; <c>li.characters</c> agrees with it).</param>
/// <param name="WindowSize">Context characters per window (<c>li.window_size</c>, the width of <c>CharacterIds</c>).</param>
/// <param name="WindowKind">Sequence or centered (<c>li.window_kind</c>); only sequence models generate text.</param>
/// <param name="Network">The network configuration JSON, or "lightgbm" (<c>li.network</c>).</param>
/// <param name="Training">How the model was trained, JSON (<c>li.training</c>), if recorded.</param>
/// <param name="Metadata">Every metadata property of the file.</param>
public sealed record OnnxModelDescription(
    CharacterVocabulary Vocabulary,
    int WindowSize,
    WindowKind WindowKind,
    string Network,
    string? Training,
    IReadOnlyDictionary<string, string> Metadata);
