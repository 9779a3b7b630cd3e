using LanguageInterpolation.Trainers.Presets;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// Sets preset fields by their dotted snake_case JSON paths: the preset is written as JSON (the naming of
/// <see cref="NetworkJson.Options"/>), the values replace the named fields, and the JSON is read back as a
/// preset, so every field a preset file has can be searched and the result is exactly what
/// <see cref="NetworkPresets.Save"/> writes and <c>train --trainer file.json</c> reads.
/// </summary>
public static class PresetOverrides
{
    /// <summary>Fields that are not searchable: the preset's name, the network type, what the data decides
    /// (widths), and what the search sets for every trial (seed, threads, device, checkpoints, time budget).</summary>
    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal)
    {
        "name", "description", "network.type", "network.input_width", "network.output_width",
        "training.seed", "training.threads", "training.device", "training.checkpoint_path", "training.resume_from",
        "training.time_budget", "training.max_epochs",
    };

    /// <summary>The preset with the given fields replaced; <paramref name="name"/> renames it when given.</summary>
    /// <exception cref="ArgumentException">A path that is not a field of the preset, or a value the preset
    /// rejects; the message names the path.</exception>
    public static NetworkPreset Apply(NetworkPreset preset, IEnumerable<KeyValuePair<string, JsonNode?>> values, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(values);
        JsonObject root = ToJson(preset);
        var paths = new List<string>();
        foreach (var (path, value) in values)
        {
            Set(root, path, value);
            paths.Add(path);
        }
        if (name is not null)
        {
            root["name"] = name;
        }
        try
        {
            return NetworkPresets.Parse(root.ToJsonString(), string.Join(", ", paths));
        }
        catch (InvalidDataException error)
        {
            throw new ArgumentException($"{string.Join(", ", paths)}: {error.InnerException?.Message ?? error.Message}", error);
        }
    }

    /// <summary>Every searchable leaf field path of the preset (e.g. <c>network.hidden_width</c>), in file order.</summary>
    public static IReadOnlyList<string> Fields(NetworkPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var fields = new List<string>();
        Collect(ToJson(preset), string.Empty, fields);
        return fields;
    }

    private static JsonObject ToJson(NetworkPreset preset) =>
        JsonSerializer.SerializeToNode(preset, NetworkJson.Options)!.AsObject();

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        string[] names = path.Split('.');
        JsonObject node = root;
        if (Fixed.Contains(path))
        {
            throw new ArgumentException($"{path}: not a searchable field (the data or the search itself sets it; rungs set max_epochs and time_budget)");
        }
        for (int i = 0; i < names.Length; i++)
        {
            if (!node.TryGetPropertyValue(names[i], out JsonNode? child))
            {
                string parent = string.Join('.', names[..i]);
                string prefix = parent.Length > 0 ? parent + "." : string.Empty;
                throw new ArgumentException($"{path}: not a searchable field of the preset (fields{(parent.Length > 0 ? " under " + parent : string.Empty)}: {string.Join(", ", node.Select(pair => pair.Key).Where(key => !Fixed.Contains(prefix + key)))})");
            }
            if (i == names.Length - 1)
            {
                if (child is JsonObject)
                {
                    throw new ArgumentException($"{path}: is a group of fields, not a field ({string.Join(", ", child.AsObject().Select(pair => path + "." + pair.Key))})");
                }
                node[names[i]] = value?.DeepClone();
                return;
            }
            node = child as JsonObject ?? throw new ArgumentException($"{path}: {string.Join('.', names[..(i + 1)])} is a value, not a group of fields");
        }
    }

    private static void Collect(JsonObject node, string prefix, List<string> fields)
    {
        foreach (var (key, value) in node)
        {
            string path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is JsonObject child)
            {
                Collect(child, path, fields);
            }
            else if (!Fixed.Contains(path))
            {
                fields.Add(path);
            }
        }
    }
}
