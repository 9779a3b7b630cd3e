using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Trainers.Presets;

/// <summary>
/// Reads presets: by name from the files shipped in <c>models/presets</c> (embedded in this assembly, so
/// they work wherever the library runs), or from any preset file path (what <c>search</c> writes).
/// </summary>
public static class NetworkPresets
{
    private const string ResourcePrefix = "LanguageInterpolation.Presets.";

    /// <summary>The names of the shipped presets.</summary>
    public static IReadOnlyList<string> Names { get; } = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>True when <paramref name="nameOrPath"/> is a shipped preset name or an existing .json file.</summary>
    public static bool Exists(string nameOrPath) =>
        Names.Contains(nameOrPath, StringComparer.OrdinalIgnoreCase) || (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(nameOrPath));

    /// <summary>A shipped preset by name, or a preset file by path.</summary>
    /// <exception cref="ArgumentException">Unknown name (the message lists the shipped ones).</exception>
    /// <exception cref="InvalidDataException">The file is not a preset.</exception>
    public static NetworkPreset Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        string? name = Names.FirstOrDefault(known => string.Equals(known, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (name is not null)
        {
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name + ".json")!;
            return Parse(new StreamReader(stream).ReadToEnd(), name);
        }
        if (File.Exists(nameOrPath))
        {
            return Parse(File.ReadAllText(nameOrPath), nameOrPath);
        }
        throw new ArgumentException($"Unknown preset '{nameOrPath}': not a shipped preset ({string.Join(", ", Names)}) nor an existing preset file.", nameof(nameOrPath));
    }

    /// <summary>Reads a preset from JSON.</summary>
    public static NetworkPreset Parse(string json, string origin)
    {
        try
        {
            JsonNode root = JsonNode.Parse(json) ?? throw new InvalidDataException($"Preset {origin} is empty.");
            if (root is JsonObject fields && fields["network"] is JsonObject network)
            {
                NetworkJson.Upgrade(network);
                json = root.ToJsonString();
            }
            NetworkPreset preset = root.Deserialize<NetworkPreset>(NetworkJson.Options)
                ?? throw new InvalidDataException($"Preset {origin} is empty.");
            preset.Training.Validate();
            PresetFields.ThrowIfUnknown(json, preset, origin);
            return preset;
        }
        catch (Exception error) when (error is JsonException or ArgumentException or NotSupportedException or FormatException)
        {
            throw new InvalidDataException($"Not a valid preset: {origin} ({error.Message})", error);
        }
    }

    /// <summary>Writes a preset file atomically.</summary>
    public static void Save(NetworkPreset preset, string path)
    {
        ArgumentNullException.ThrowIfNull(preset);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(preset, new JsonSerializerOptions(NetworkJson.Options) { WriteIndented = true }));
    }
}
