using LanguageInterpolation.Trainers.Presets;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>The configuration a network is trained with: its preset (after <c>--set</c>) with the command line's
/// training options applied, checked before any data loads.</summary>
public static class EffectiveConfiguration
{
    /// <summary>Indented JSON for the console.</summary>
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The effective preset of a network trainer (null for LightGBM, whose options are checked too);
    /// throws when it cannot train.</summary>
    /// <exception cref="ArgumentException">An invalid training option or network field; the message names every one.</exception>
    public static NetworkPreset? Validate(NetworkPreset? preset, TrainerSettings settings, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (preset is null)
        {
            TrainerRegistry.LightGbmOptions(settings).Validate();
            return null;
        }
        var effective = preset with { Training = TrainerRegistry.ApplySettings(preset.Training, settings) };
        effective.Training.ValidateForRun();
        // The vocabulary is known only once the corpus is read; the ASCII one's size stands in for the check.
        effective.Network.WithShape(Math.Max(windowSize, 1), CharacterVocabulary.Ascii.Count).Validate(); // the window options report a bad window
        return effective;
    }

    /// <summary>The effective preset as JSON, every field included (what a model card keeps).</summary>
    public static JsonObject ToJson(NetworkPreset effective) => PresetFields.ToJson(effective);

    /// <summary>LightGBM's effective options as JSON, in the presets' snake_case.</summary>
    public static JsonObject ToJson(LightGbmBaselineOptions options) => JsonSerializer.SerializeToNode(options, NetworkJson.Options)!.AsObject();
}
