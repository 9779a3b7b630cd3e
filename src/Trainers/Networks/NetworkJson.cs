using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// JSON for network configurations (enums as names, snake_case), shared by presets, checkpoints, model cards
/// and ONNX metadata. A configuration is an object whose "type" is its registered name; the derived types
/// come from <see cref="NetworkRegistry"/> (the options are rebuilt when a type is registered), so a type
/// registered at run time reads and writes like the built-in ones.
/// </summary>
public static class NetworkJson
{
    /// <summary>The discriminator property.</summary>
    public const string TypeProperty = "type";

    // Written by versions before the window and vocabulary sizes had these names.
    private static readonly (string Legacy, string Current)[] RenamedFields =
    [
        ("input_width", "window_size"),
        ("output_width", "vocabulary_size"),
    ];

    private static readonly Lock Gate = new();
    private static (int Version, JsonSerializerOptions? Options) _cache;

    /// <summary>The serializer settings for the types registered now.</summary>
    public static JsonSerializerOptions Options
    {
        get
        {
            lock (Gate)
            {
                int version = NetworkRegistry.Version;
                if (_cache.Options is null || _cache.Version != version)
                {
                    _cache = (version, Create());
                }
                return _cache.Options;
            }
        }
    }

    /// <summary>A configuration as compact JSON with its "type".</summary>
    public static string Serialize(NetworkConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Reads a configuration written by <see cref="Serialize"/> (or by an older version).</summary>
    /// <exception cref="FormatException">Not a network configuration, or one of a type that is not registered.</exception>
    public static NetworkConfig Deserialize(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject node)
            {
                throw new FormatException("A network configuration must be a JSON object.");
            }
            return Deserialize(node);
        }
        catch (JsonException error)
        {
            throw new FormatException($"Not a network configuration: {error.Message}", error);
        }
    }

    /// <summary>Reads a configuration object (after <see cref="Upgrade"/>).</summary>
    /// <exception cref="FormatException">No "type", or one that is not registered.</exception>
    public static NetworkConfig Deserialize(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Upgrade(node);
        return node.Deserialize<NetworkConfig>(Options) ?? throw new FormatException("Empty network configuration.");
    }

    /// <summary>
    /// Checks the "type" of a configuration object against the registry (a clear message instead of the
    /// serializer's) and renames the fields that older versions wrote under other names.
    /// </summary>
    /// <exception cref="FormatException">No "type", or one that is not registered.</exception>
    public static void Upgrade(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node[TypeProperty] is not JsonValue typeValue || !typeValue.TryGetValue(out string? name))
        {
            throw new FormatException($"The network configuration has no \"{TypeProperty}\" (one of: {string.Join(", ", NetworkRegistry.Names)}).");
        }
        NetworkType type = NetworkRegistry.Find(name)
            ?? throw new FormatException($"Unknown network type '{name}' (known: {string.Join(", ", NetworkRegistry.Names)}).");
        node[TypeProperty] = type.Name; // the registered spelling: names are case-insensitive, the discriminator is not
        foreach (var (legacy, current) in RenamedFields)
        {
            if (node.ContainsKey(legacy))
            {
                JsonNode? value = node[legacy];
                node.Remove(legacy);
                if (!node.ContainsKey(current))
                {
                    node[current] = value;
                }
            }
        }
    }

    private static JsonSerializerOptions Create() => new()
    {
        Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddRegisteredNetworkTypes } },
    };

    private static void AddRegisteredNetworkTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(NetworkConfig))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = TypeProperty };
        foreach (NetworkType type in NetworkRegistry.Types)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type.ConfigType, type.Name));
        }
    }
}
