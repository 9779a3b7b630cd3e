using System.Text.Json;
using System.Text.Json.Serialization;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>JSON for network configurations (enums as names), shared by presets, checkpoints, model cards and ONNX metadata.</summary>
public static class NetworkJson
{
    /// <summary>The serializer settings.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Converters = { new JsonStringEnumConverter(), new NetworkConfigJsonConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A configuration as compact JSON with its "type".</summary>
    public static string Serialize(NetworkConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Reads a configuration written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">Not a network configuration.</exception>
    public static NetworkConfig Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<NetworkConfig>(json, Options) ?? throw new FormatException("Empty network configuration.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"Not a network configuration: {error.Message}", error);
        }
    }
}
