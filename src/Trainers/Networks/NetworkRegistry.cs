using System.Reflection;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Every network type the library knows: the built-in ones (each <see cref="NetworkType"/> subclass in this
/// assembly, found once by reflection over the assembly's own types) and any registered later. JSON
/// configurations, the ONNX exporter, presets, the CLI's trainer names, <c>compare</c> and <c>search</c>
/// all look types up here, so a new network type is a new folder plus its <see cref="NetworkType"/>.
/// </summary>
public static class NetworkRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, NetworkType> ByName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<Type, NetworkType> ByConfigType = [];
    private static int _version;

    static NetworkRegistry()
    {
        IEnumerable<Type> builtIn = typeof(NetworkRegistry).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(NetworkType)) && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        foreach (Type type in builtIn)
        {
            Register((NetworkType)Activator.CreateInstance(type)!);
        }
    }

    /// <summary>The registered types, by name.</summary>
    public static IReadOnlyList<NetworkType> Types
    {
        get
        {
            lock (Gate)
            {
                return [.. ByName.Values.OrderBy(type => type.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Grows by one with every registration (what caches of the registry compare).</summary>
    public static int Version
    {
        get
        {
            lock (Gate)
            {
                return _version;
            }
        }
    }

    /// <summary>The registered names.</summary>
    public static IReadOnlyList<string> Names => [.. Types.Select(type => type.Name)];

    /// <summary>Registers a network type. Registering the same type (same name and configuration type) again does nothing.</summary>
    /// <exception cref="ArgumentException">The name or configuration type is already taken by another registration, or the name is empty.</exception>
    public static void Register(NetworkType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrWhiteSpace(type.Name))
        {
            throw new ArgumentException($"{type.GetType().Name} has an empty name.", nameof(type));
        }
        lock (Gate)
        {
            if (ByName.TryGetValue(type.Name, out NetworkType? existing))
            {
                if (existing.ConfigType == type.ConfigType)
                {
                    return;
                }
                throw new ArgumentException($"Network type name '{type.Name}' is already registered for {existing.ConfigType.Name}.", nameof(type));
            }
            if (ByConfigType.TryGetValue(type.ConfigType, out existing))
            {
                throw new ArgumentException($"{type.ConfigType.Name} is already registered as '{existing.Name}'.", nameof(type));
            }
            ByName[type.Name] = type;
            ByConfigType[type.ConfigType] = type;
            _version++;
        }
    }

    /// <summary>The type registered under <paramref name="name"/> (case-insensitive), or null.</summary>
    public static NetworkType? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate)
        {
            return ByName.GetValueOrDefault(name);
        }
    }

    /// <summary>The type of a configuration.</summary>
    /// <exception cref="NotSupportedException">The configuration's type was never registered.</exception>
    public static NetworkType Of(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (Gate)
        {
            return ByConfigType.GetValueOrDefault(config.GetType())
                ?? throw new NotSupportedException($"{config.GetType().Name} is not a registered network type (register its NetworkType with NetworkRegistry.Register).");
        }
    }
}
