using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Reads and writes any <see cref="NetworkConfig"/> as a JSON object whose "type" is the registered name
/// (<see cref="NetworkRegistry"/>), so that types registered at run time serialize like the built-in ones.
/// Files written before the window and vocabulary sizes had these names (<c>input_width</c>,
/// <c>output_width</c>) still read.
/// </summary>
public sealed class NetworkConfigJsonConverter : JsonConverter<NetworkConfig>
{
    /// <summary>The discriminator property.</summary>
    public const string TypeProperty = "type";

    private static readonly (string Legacy, string Current)[] RenamedProperties =
    [
        ("input_width", "window_size"),
        ("output_width", "vocabulary_size"),
    ];

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(NetworkConfig);

    /// <inheritdoc />
    public override NetworkConfig? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject json)
        {
            throw new JsonException("A network configuration must be a JSON object.");
        }
        if (json[TypeProperty] is not JsonValue typeValue || !typeValue.TryGetValue(out string? name))
        {
            throw new JsonException($"The network configuration has no \"{TypeProperty}\" (one of: {string.Join(", ", NetworkRegistry.Names)}).");
        }
        NetworkType type = NetworkRegistry.Find(name)
            ?? throw new JsonException($"Unknown network type '{name}' (known: {string.Join(", ", NetworkRegistry.Names)}).");
        json.Remove(TypeProperty);
        foreach (var (legacy, current) in RenamedProperties)
        {
            if (json.ContainsKey(legacy) && !json.ContainsKey(current))
            {
                JsonNode? value = json[legacy];
                json.Remove(legacy);
                json[current] = value;
            }
        }
        return (NetworkConfig?)json.Deserialize(type.ConfigType, options);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NetworkConfig value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        NetworkType type = NetworkRegistry.Of(value);
        var body = (JsonObject)JsonSerializer.SerializeToNode(value, value.GetType(), options)!;
        var json = new JsonObject { [TypeProperty] = type.Name };
        foreach (var (key, node) in body.ToList())
        {
            body.Remove(key);
            json[key] = node;
        }
        json.WriteTo(writer, options);
    }
}
