using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Trainers.Presets;

/// <summary>
/// The fields a preset has, by their dotted snake_case JSON paths (<c>network.hidden_width</c>), and the check
/// that a preset file names no other: System.Text.Json skips unknown members, so a typo would otherwise fall
/// back to the default without a word.
/// </summary>
public static class PresetFields
{
    /// <summary>The preset as a JSON object with every field, defaults included.</summary>
    public static JsonObject ToJson(NetworkPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return JsonSerializer.SerializeToNode(preset, NetworkJson.Options)!.AsObject();
    }

    /// <summary>The .NET type of the field at a dotted snake_case path of <paramref name="preset"/> (nullable types
    /// unwrapped); null when no such field exists.</summary>
    public static Type? FieldType(NetworkPreset preset, string path)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(path);
        object? value = preset;
        Type? type = typeof(NetworkPreset);
        foreach (string name in path.Split('.'))
        {
            // The runtime type, so that "network" fields are those of the preset's own network type.
            Type owner = value?.GetType() ?? type!;
            var property = owner.GetProperties().FirstOrDefault(candidate => NetworkJson.Options.PropertyNamingPolicy!.ConvertName(candidate.Name) == name);
            if (property is null)
            {
                return null;
            }
            value = value is null ? null : property.GetValue(value);
            type = property.PropertyType;
        }
        return Nullable.GetUnderlyingType(type!) ?? type;
    }

    /// <summary>Every leaf field path of <paramref name="root"/>, in file order.</summary>
    public static IReadOnlyList<string> Leaves(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var fields = new List<string>();
        Collect(root, string.Empty, fields);
        return fields;
    }

    /// <summary>Throws when <paramref name="json"/> (the text <paramref name="preset"/> was read from) names a
    /// field that the preset does not have; the message names it and the closest field it does have.</summary>
    /// <exception cref="InvalidDataException">An unknown field.</exception>
    public static void ThrowIfUnknown(string json, NetworkPreset preset, string origin)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject known = ToJson(preset);
        if (JsonNode.Parse(json) is JsonObject written && FindUnknown(written, known, string.Empty) is string unknown)
        {
            throw new InvalidDataException($"Not a valid preset: {origin} (unknown field '{unknown}'; did you mean '{Closest(unknown, Leaves(known))}'?)");
        }
    }

    /// <summary>The path in <paramref name="known"/> nearest to <paramref name="name"/> by edit distance to the path or
    /// to one of its dotted tails (so <c>max_epoch</c> finds <c>training.max_epochs</c>); ties go to the first.</summary>
    public static string Closest(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        return known.MinBy(candidate => Tails(candidate).Min(tail => EditDistance(name, tail))) ?? string.Empty;
    }

    private static IEnumerable<string> Tails(string path)
    {
        yield return path;
        for (int dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            yield return path[(dot + 1)..];
        }
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions that turn one string into the other.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static string? FindUnknown(JsonObject written, JsonObject known, string prefix)
    {
        foreach (var (key, value) in written)
        {
            string path = prefix + key;
            if (!known.TryGetPropertyValue(key, out JsonNode? field))
            {
                return path;
            }
            if (value is JsonObject group && field is JsonObject knownGroup && FindUnknown(group, knownGroup, path + ".") is string unknown)
            {
                return unknown;
            }
        }
        return null;
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
            else
            {
                fields.Add(path);
            }
        }
    }
}
