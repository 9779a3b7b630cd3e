using System.Globalization;
using System.Text.Json.Nodes;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>One dimension of a search space: a preset field, named by its dotted snake_case JSON path
/// (<c>network.hidden_width</c>, <c>training.optimizer.learning_rate</c>), and the distribution its values are
/// drawn from.</summary>
public sealed record SearchParameter
{
    /// <summary>The preset field, as a dotted path of snake_case JSON names.</summary>
    public required string Path { get; init; }

    /// <summary>How values are drawn.</summary>
    public required SearchDistribution Distribution { get; init; }

    /// <summary>Lower bound (numeric distributions).</summary>
    public double Min { get; init; }

    /// <summary>Upper bound, inclusive (numeric distributions).</summary>
    public double Max { get; init; }

    /// <summary>The values of a <see cref="SearchDistribution.Choice"/>.</summary>
    public IReadOnlyList<JsonNode?> Values { get; init; } = [];

    /// <summary>True for the distributions whose values are best plotted on a log axis.</summary>
    public bool IsLogScale => Distribution is SearchDistribution.LogUniform or SearchDistribution.IntLogUniform;

    /// <summary>Draws one value.</summary>
    public JsonNode? Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        return Normalize(Distribution switch
        {
            SearchDistribution.Uniform => JsonValue.Create(Min + u * (Max - Min)),
            SearchDistribution.LogUniform => JsonValue.Create(Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min)))),
            SearchDistribution.IntUniform => JsonValue.Create((long)Math.Min(Math.Floor(Min + u * (Max - Min + 1)), Max)),
            SearchDistribution.IntLogUniform => JsonValue.Create((long)Math.Min(Math.Floor(Math.Exp(Math.Log(Min) + u * (Math.Log(Max + 1) - Math.Log(Min)))), Max)),
            SearchDistribution.Choice => Values[Math.Min((int)(u * Values.Count), Values.Count - 1)]?.DeepClone(),
            _ => throw new InvalidOperationException($"Unknown distribution {Distribution}."),
        });
    }

    /// <summary>The values that bound the distribution (min and max, or every choice): checking that each of
    /// them makes a valid preset checks the whole range.</summary>
    public IEnumerable<JsonNode?> Extremes() => (Distribution switch
    {
        SearchDistribution.Choice => Values,
        SearchDistribution.IntUniform or SearchDistribution.IntLogUniform => [JsonValue.Create((long)Min), JsonValue.Create((long)Max)],
        _ => new JsonNode?[] { JsonValue.Create(Min), JsonValue.Create(Max) },
    }).Select(Normalize);

    /// <summary>The same value read back from its JSON text, so that values drawn here and values read from a
    /// trial log behave alike (a created <see cref="JsonValue"/> only converts to its own .NET type).</summary>
    public static JsonNode? Normalize(JsonNode? value) => value is null ? null : JsonNode.Parse(value.ToJsonString());

    /// <summary>A value as a position on a plot axis: a choice's index among <see cref="Values"/>, a number as
    /// it is (NaN when it is neither).</summary>
    public double ToAxisValue(JsonNode? value)
    {
        if (Distribution == SearchDistribution.Choice)
        {
            string text = Describe(value);
            for (int i = 0; i < Values.Count; i++)
            {
                if (Describe(Values[i]) == text)
                {
                    return i;
                }
            }
            return double.NaN;
        }
        return value is JsonValue scalar && scalar.TryGetValue(out double number) ? number : double.NaN;
    }

    /// <summary>A value as short text for tables (reals with 4 significant digits).</summary>
    public static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue scalar when scalar.TryGetValue(out long integer) => integer.ToString(CultureInfo.InvariantCulture),
        JsonValue scalar when scalar.TryGetValue(out double real) => real.ToString("G4", CultureInfo.InvariantCulture),
        JsonValue scalar when scalar.TryGetValue(out string? text) => text ?? "null",
        _ => value.ToJsonString(),
    };

    /// <summary>Adds what is wrong with the distribution's own definition.</summary>
    internal void AddProblems(List<string> problems)
    {
        switch (Distribution)
        {
            case SearchDistribution.Choice:
                if (Values.Count == 0)
                {
                    problems.Add($"{Path}: choice needs a non-empty \"values\" list");
                }
                return;
            case SearchDistribution.IntUniform or SearchDistribution.IntLogUniform when Min != Math.Floor(Min) || Max != Math.Floor(Max):
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Path}: {Name(Distribution)} needs integer min and max (got {Min} and {Max})"));
                return;
        }
        if (!double.IsFinite(Min) || !double.IsFinite(Max) || !(Min < Max))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Path}: min must be below max (got {Min} and {Max})"));
        }
        else if (IsLogScale && !(Min > 0))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Path}: {Name(Distribution)} needs min > 0 (got {Min})"));
        }
    }

    /// <summary>The JSON name of a distribution (snake_case).</summary>
    public static string Name(SearchDistribution distribution) => distribution switch
    {
        SearchDistribution.Uniform => "uniform",
        SearchDistribution.LogUniform => "log_uniform",
        SearchDistribution.IntUniform => "int_uniform",
        SearchDistribution.IntLogUniform => "int_log_uniform",
        SearchDistribution.Choice => "choice",
        _ => distribution.ToString(),
    };
}
