using LanguageInterpolation.Trainers.Presets;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// What a search varies: a base preset and, for each searched preset field, a distribution. Read from a
/// small JSON file:
/// <code>
/// {
///   "base": "small",
///   "parameters": {
///     "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 1e-4, "max": 1e-2 },
///     "network.hidden_width": { "distribution": "int_log_uniform", "min": 8, "max": 64 },
///     "network.hidden_segments": { "distribution": "choice", "values": [2, 4, 8] },
///     "network.normalization": { "distribution": "choice", "values": ["LayerNorm", "MaxAbs"] }
///   }
/// }
/// </code>
/// Distributions: <c>uniform</c>, <c>log_uniform</c>, <c>int_uniform</c>, <c>int_log_uniform</c> (with
/// <c>min</c> and <c>max</c>, inclusive) and <c>choice</c> (with <c>values</c>). Paths are the preset file's
/// snake_case names (<see cref="PresetOverrides.Fields"/> lists them). <c>base</c> is a shipped preset name or
/// a preset file; it is optional when the caller names the base.
/// </summary>
public sealed class SearchSpace
{
    private static readonly string[] ParameterKeys = ["distribution", "min", "max", "values"];

    /// <summary>Creates a space from parameters (the base preset is given to the search).</summary>
    public SearchSpace(IEnumerable<SearchParameter> parameters, string? basePreset = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        BasePreset = basePreset;
        var problems = new List<string>();
        if (Parameters.Count == 0)
        {
            problems.Add("parameters: a search space needs at least one parameter");
        }
        foreach (SearchParameter parameter in Parameters)
        {
            parameter.AddProblems(problems);
        }
        problems.AddRange(Parameters.GroupBy(parameter => parameter.Path).Where(group => group.Count() > 1).Select(group => $"{group.Key}: searched twice"));
        if (problems.Count > 0)
        {
            throw new InvalidDataException("Invalid search space: " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>The searched fields, in file order.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>The base preset named in the file (a shipped preset name or a preset file), if any.</summary>
    public string? BasePreset { get; }

    /// <summary>Reads a search space file.</summary>
    /// <exception cref="InvalidDataException">Not a valid search space; the message names every bad field.</exception>
    public static SearchSpace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Search space not found: {path}", path);
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a search space from JSON; <paramref name="origin"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">Not a valid search space; the message names every bad field.</exception>
    public static SearchSpace Parse(string json, string origin = "search space")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Invalid search space {origin}: not JSON ({error.Message})", error);
        }
        var problems = new List<string>();
        var parameters = new List<SearchParameter>();
        string? basePreset = null;
        if (root is not JsonObject document)
        {
            throw new InvalidDataException($"Invalid search space {origin}: expected a JSON object with \"parameters\".");
        }
        foreach (var (key, value) in document)
        {
            switch (key)
            {
                case "base":
                    basePreset = value is JsonValue text && text.TryGetValue(out string? name) ? name : null;
                    if (basePreset is null)
                    {
                        problems.Add("base: expected a preset name or file");
                    }
                    break;
                case "parameters" when value is JsonObject fields:
                    foreach (var (path, definition) in fields)
                    {
                        if (ReadParameter(path, definition, problems) is SearchParameter parameter)
                        {
                            parameters.Add(parameter);
                        }
                    }
                    break;
                case "parameters":
                    problems.Add("parameters: expected an object of field paths");
                    break;
                default:
                    problems.Add($"{key}: unknown key (expected \"base\" and \"parameters\")");
                    break;
            }
        }
        if (!document.ContainsKey("parameters"))
        {
            problems.Add("parameters: missing");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Invalid search space {origin}: " + string.Join("; ", problems) + ".");
        }
        try
        {
            return new SearchSpace(parameters, basePreset);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"Invalid search space {origin}: " + error.Message["Invalid search space: ".Length..], error);
        }
    }

    /// <summary>
    /// Checks the space against the base preset and the data's shape: every path must be a field of the preset,
    /// and each bounding value (min, max, every choice) must give a valid preset and network.
    /// </summary>
    /// <exception cref="InvalidDataException">The message names every bad field.</exception>
    public void Validate(NetworkPreset basePreset, int windowSize, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(basePreset);
        var problems = new List<string>();
        foreach (SearchParameter parameter in Parameters)
        {
            foreach (JsonNode? value in parameter.Extremes())
            {
                try
                {
                    NetworkPreset preset = PresetOverrides.Apply(basePreset, [new(parameter.Path, value)]);
                    preset.Network.WithShape(windowSize, vocabularySize).Validate();
                }
                catch (ArgumentException error)
                {
                    string message = error.Message.StartsWith(parameter.Path + ":", StringComparison.Ordinal) ? error.Message : $"{parameter.Path}: {error.Message}";
                    problems.Add($"{message} (value {SearchParameter.Describe(value)})");
                    break;
                }
            }
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Invalid search space for preset '{basePreset.Name}': " + string.Join("; ", problems));
        }
    }

    /// <summary>The values of trial <paramref name="trial"/>: a function of the seed and the trial number only,
    /// so a resumed search draws the same trials.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Sample(int seed, int trial)
    {
        var random = new Random(unchecked((seed * 1_000_003) ^ (trial * 7_919)));
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (SearchParameter parameter in Parameters)
        {
            values[parameter.Path] = parameter.Sample(random);
        }
        return values;
    }

    /// <summary>The space as canonical JSON (the trial log's header records it).</summary>
    public string ToJson()
    {
        var parameters = new JsonObject();
        foreach (SearchParameter parameter in Parameters)
        {
            var definition = new JsonObject { ["distribution"] = SearchParameter.Name(parameter.Distribution) };
            if (parameter.Distribution == SearchDistribution.Choice)
            {
                definition["values"] = new JsonArray([.. parameter.Values.Select(value => value?.DeepClone())]);
            }
            else
            {
                definition["min"] = parameter.Min;
                definition["max"] = parameter.Max;
            }
            parameters[parameter.Path] = definition;
        }
        var root = new JsonObject { ["parameters"] = parameters };
        if (BasePreset is not null)
        {
            root["base"] = BasePreset;
        }
        return root.ToJsonString();
    }

    private static SearchParameter? ReadParameter(string path, JsonNode? definition, List<string> problems)
    {
        if (definition is not JsonObject fields)
        {
            problems.Add($"{path}: expected an object with \"distribution\"");
            return null;
        }
        int before = problems.Count;
        problems.AddRange(fields.Where(pair => !ParameterKeys.Contains(pair.Key)).Select(pair => $"{path}: unknown key \"{pair.Key}\" (expected {string.Join(", ", ParameterKeys)})"));
        string? name = fields["distribution"] is JsonValue text && text.TryGetValue(out string? value) ? value : null;
        SearchDistribution? distribution = Enum.GetValues<SearchDistribution>().Select(kind => (SearchDistribution?)kind)
            .FirstOrDefault(kind => SearchParameter.Name(kind!.Value) == name);
        if (distribution is null)
        {
            problems.Add($"{path}: distribution must be one of {string.Join(", ", Enum.GetValues<SearchDistribution>().Select(SearchParameter.Name))} (got {name ?? "nothing"})");
            return null;
        }
        if (distribution == SearchDistribution.Choice)
        {
            if (fields["values"] is not JsonArray values)
            {
                problems.Add($"{path}: choice needs a \"values\" list");
                return null;
            }
            return problems.Count > before ? null : new SearchParameter { Path = path, Distribution = distribution.Value, Values = [.. values.Select(SearchParameter.Normalize)] };
        }
        double? min = Number(fields["min"]);
        double? max = Number(fields["max"]);
        if (min is null || max is null)
        {
            problems.Add($"{path}: {name} needs numbers \"min\" and \"max\"");
            return null;
        }
        return problems.Count > before ? null : new SearchParameter { Path = path, Distribution = distribution.Value, Min = min.Value, Max = max.Value };
    }

    private static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue(out double number) ? number : null;
}
