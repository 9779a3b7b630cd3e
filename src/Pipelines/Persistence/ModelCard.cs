using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Pipelines.Persistence;

/// <summary>
/// What a saved language model is: vocabulary, window, trainer and how it was trained. Stored as an entry
/// of the model zip next to ML.NET's own entries (which ML.NET ignores), so that tools can generate text
/// from a zip without knowing how it was made.
/// </summary>
public sealed record ModelCard
{
    /// <summary>The newest format version this version reads. Format 2 is format 1 for a network whose type
    /// format-1 readers do not know (<see cref="LanguageInterpolation.Trainers.Networks.NetworkType.CardFormat"/>);
    /// a card is written with the lowest format that can read it.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Format version of the card.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The vocabulary as <see cref="CharacterVocabulary.Serialize"/> writes it.</summary>
    public required string Vocabulary { get; init; }

    /// <summary>Context characters per window.</summary>
    public required int WindowSize { get; init; }

    /// <summary>Sequence or centered.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<WindowKind>))]
    public WindowKind WindowKind { get; init; } = WindowKind.Sequence;

    /// <summary>The trainer or preset name.</summary>
    public required string Trainer { get; init; }

    /// <summary>The network description (JSON), for neural trainers.</summary>
    public string? Network { get; init; }

    /// <summary>The effective configuration, every field included: for a network trainer the preset after
    /// <c>--set</c> overrides and the command line's training options (what <c>train --trainer file.json</c>
    /// would repeat), for LightGBM its options; null in cards written before it existed.</summary>
    public JsonObject? Configuration { get; init; }

    /// <summary>Free-form training facts (epochs, time, samples per second...).</summary>
    public Dictionary<string, string> Training { get; init; } = [];

    /// <summary>When the model was saved (UTC).</summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>The vocabulary object.</summary>
    [JsonIgnore]
    public CharacterVocabulary VocabularyObject => CharacterVocabulary.Parse(Vocabulary);

    /// <summary>Writes the card as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    /// <summary>Reads a card written by <see cref="ToJson"/>.</summary>
    public static ModelCard FromJson(string json) =>
        JsonSerializer.Deserialize<ModelCard>(json, SerializerOptions) ?? throw new FormatException("Empty model card.");

    private static readonly JsonSerializerOptions SerializerOptions = new() { WriteIndented = true };
}
