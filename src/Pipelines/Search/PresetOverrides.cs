using System.Globalization;
using LanguageInterpolation.Trainers.Presets;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// Sets preset fields by their dotted snake_case JSON paths: the preset is written as JSON (the naming of
/// <see cref="NetworkJson.Options"/>), the values replace the named fields, and the JSON is read back as a
/// preset, so every field a preset file has can be set and the result is exactly what
/// <see cref="NetworkPresets.Save"/> writes and <c>train --trainer file.json</c> reads. The search sets its
/// trials' fields through here, and <c>--set key=value</c> on the command line (see <see cref="ParseAssignments"/>).
/// </summary>
/// <remarks>
/// The optimiser's kind-dependent fields (learning rate, β2, weight decay) that hold the current kind's
/// defaults are left unset before the values apply, so that setting <c>training.optimizer.kind</c> alone
/// gives the new kind's defaults (Adam's β2 0.999, not Lion's 0.99), as <c>new OptimizerOptions { Kind = ... }</c> does.
/// <para>Microsoft.Extensions.Configuration's binder was considered and not used: it matches PascalCase
/// property names (the presets' keys are snake_case), cannot build the polymorphic network configuration (its
/// "type" discriminator) and suggests nothing for an unknown key. Going through the presets' own JSON keeps one
/// schema for files, <c>--set</c>, the search and the model card.</para>
/// </remarks>
public static class PresetOverrides
{
    /// <summary>What a search may not set: the preset's name, the network type, what the data decides
    /// (widths), and what the search sets for every trial (seed, threads, device, checkpoints, time budget).</summary>
    public static PresetFieldRules Search { get; } = new(
        new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "description", "network.type", "network.window_size", "network.vocabulary_size",
            "training.seed", "training.threads", "training.device", "training.checkpoint_path", "training.resume_from",
            "training.time_budget", "training.max_epochs",
        },
        "not a searchable field (the data or the search itself sets it; rungs set max_epochs and time_budget)");

    /// <summary>What <c>--set</c> may not set: the network type (<c>--trainer</c> chooses it), the widths (the data
    /// decides them) and the seed (<c>--seed</c> sets it for every trainer).</summary>
    public static PresetFieldRules CommandLine { get; } = new(
        new HashSet<string>(StringComparer.Ordinal) { "network.type", "network.window_size", "network.vocabulary_size", "training.seed" },
        "not settable with --set (--trainer chooses the network type, the data the widths, --seed the seed)");

    /// <summary>The preset with the given fields replaced (under <see cref="Search"/>'s rules);
    /// <paramref name="name"/> renames it when given.</summary>
    /// <exception cref="ArgumentException">A path that is not a field of the preset, or a value the preset
    /// rejects; the message names the path.</exception>
    public static NetworkPreset Apply(NetworkPreset preset, IEnumerable<KeyValuePair<string, JsonNode?>> values, string? name = null) =>
        Apply(preset, values, Search, name);

    /// <summary>The preset with the given fields replaced under <paramref name="rules"/>.</summary>
    /// <exception cref="ArgumentException">A path that is not a field of the preset (the message names the
    /// closest one), a field the rules keep fixed, or a value the preset rejects; the message names the path.</exception>
    public static NetworkPreset Apply(NetworkPreset preset, IEnumerable<KeyValuePair<string, JsonNode?>> values, PresetFieldRules rules, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rules);
        JsonObject root = ToJson(preset);
        // The full field list (defaults included), to tell the fields ToJson leaves unset from unknown ones.
        JsonObject schema = PresetFields.ToJson(preset);
        var paths = new List<string>();
        foreach (var (path, value) in values)
        {
            Set(root, schema, path, value, rules);
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
        catch (InvalidDataException error) when (error.InnerException is JsonException { Path: string jsonPath } && jsonPath.StartsWith("$.", StringComparison.Ordinal))
        {
            // System.Text.Json names the type and byte position; say instead what the field takes.
            string path = jsonPath[2..];
            JsonNode? value = values.LastOrDefault(pair => pair.Key == path).Value;
            throw new ArgumentException($"{path}: {value?.ToJsonString() ?? "null"} is not {Describe(PresetFields.FieldType(preset, path))}", error);
        }
        catch (InvalidDataException error)
        {
            throw new ArgumentException($"{string.Join(", ", paths)}: {error.InnerException?.Message ?? error.Message}", error);
        }
    }

    /// <summary>
    /// Reads <c>key=value</c> assignments (what <c>--set</c> takes) against <paramref name="preset"/>'s fields:
    /// a key that is no top-level group (<c>max_epochs</c>, <c>optimizer.kind</c>) means the training field of
    /// that name; a value is a string where the field holds a string (enum names in any case), else JSON
    /// (<c>100</c>, <c>1e-3</c>, <c>true</c>, <c>null</c>); a time span may be given in seconds.
    /// </summary>
    /// <exception cref="ArgumentException">An assignment without '=' or with an empty key.</exception>
    public static IReadOnlyList<KeyValuePair<string, JsonNode?>> ParseAssignments(NetworkPreset preset, IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(assignments);
        JsonObject root = ToJson(preset);
        var values = new List<KeyValuePair<string, JsonNode?>>();
        foreach (string assignment in assignments)
        {
            int equals = assignment.IndexOf('=', StringComparison.Ordinal);
            string key = equals > 0 ? assignment[..equals].Trim() : string.Empty;
            if (key.Length == 0)
            {
                throw new ArgumentException($"--set expects key=value, e.g. network.hidden_width=100 (got '{assignment}').");
            }
            if (!root.ContainsKey(key.Split('.')[0]) && root["training"] is JsonObject training && training.ContainsKey(key.Split('.')[0]))
            {
                key = "training." + key;
            }
            string text = assignment[(equals + 1)..].Trim();
            if (PresetFields.FieldType(preset, key) == typeof(TimeSpan) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                text = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture); // seconds, as --time-budget takes them
            }
            values.Add(new(key, Find(root, key) is JsonValue current && current.GetValueKind() == JsonValueKind.String ? JsonValue.Create(text) : ParseValue(text)));
        }
        return values;
    }

    /// <summary>Every leaf field path of the preset that a search may set (e.g. <c>network.hidden_width</c>), in file order.</summary>
    public static IReadOnlyList<string> Fields(NetworkPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return [.. PresetFields.Leaves(ToJson(preset)).Where(path => !Search.Fixed.Contains(path))];
    }

    private static JsonObject ToJson(NetworkPreset preset)
    {
        JsonObject root = PresetFields.ToJson(preset);
        if (root["training"]?["optimizer"] is JsonObject optimizer)
        {
            OptimizerOptions options = preset.Training.Optimizer;
            RemoveIfDefault(optimizer, "learning_rate", options.LearningRate, OptimizerDefaults.LearningRateFor(options.Kind));
            RemoveIfDefault(optimizer, "beta2", options.Beta2, OptimizerDefaults.Beta2For(options.Kind));
            RemoveIfDefault(optimizer, "weight_decay", options.WeightDecay, OptimizerDefaults.WeightDecayFor(options.Kind));
        }
        return root;
    }

    private static string Describe(Type? type) => type switch
    {
        null => "a value of this field",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a time span such as \"00:05:00\"",
        _ => "a " + type.Name,
    };

    private static void RemoveIfDefault(JsonObject group, string field, double value, double kindDefault)
    {
        if (value.Equals(kindDefault))
        {
            group.Remove(field);
        }
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text); // a bare word: an enum name or a path
        }
    }

    private static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (string name in path.Split('.'))
        {
            node = node is JsonObject group && group.TryGetPropertyValue(name, out JsonNode? child) ? child : null;
        }
        return node;
    }

    private static void Set(JsonObject root, JsonObject schema, string path, JsonNode? value, PresetFieldRules rules)
    {
        if (rules.Fixed.Contains(path))
        {
            throw new ArgumentException($"{path}: {rules.Reason}");
        }
        string[] names = path.Split('.');
        JsonObject node = root;
        JsonObject known = schema;
        for (int i = 0; i < names.Length; i++)
        {
            if (!known.TryGetPropertyValue(names[i], out JsonNode? child))
            {
                string[] candidates = [.. PresetFields.Leaves(schema).Where(field => !rules.Fixed.Contains(field))];
                throw new ArgumentException($"{path}: not a field of the preset (did you mean {PresetFields.Closest(path, candidates)}?)");
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
            known = child as JsonObject ?? throw new ArgumentException($"{path}: {string.Join('.', names[..(i + 1)])} is a value, not a group of fields");
            if (node[names[i]] is not JsonObject next)
            {
                next = [];
                node[names[i]] = next;
            }
            node = next;
        }
    }
}
