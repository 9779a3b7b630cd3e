using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageInterpolation.Common.IO;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// An ensemble on disk: a small JSON file naming its members (model zips and their sources), which held-out
/// text the mixing is fitted and measured on, and the fitted mixing parameters. Paths inside are relative to the
/// manifest's folder where they lie below it, so that a folder of members and its manifest move together.
/// Saved atomically (temporary file, then rename).
/// </summary>
public sealed record EnsembleManifest
{
    /// <summary>The current format version.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version of the manifest.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The held-out blocks of every source.</summary>
    public HeldOutText HeldOut { get; init; } = new();

    /// <summary>The members, in the order of the mixing weights.</summary>
    public required IReadOnlyList<EnsembleMember> Members { get; init; }

    /// <summary>The fitted mixing parameters.</summary>
    public required MixingParameters Mixing { get; init; }

    /// <summary>Reads and checks a manifest.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a manifest, a newer format, or inconsistent.</exception>
    public static EnsembleManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Ensemble manifest not found: {path}", path);
        }
        EnsembleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EnsembleManifest>(File.ReadAllText(path), SerializerOptions);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Not an ensemble manifest: {path} ({error.Message})", error);
        }
        if (manifest is null)
        {
            throw new InvalidDataException($"Not an ensemble manifest: {path} (empty)");
        }
        if (manifest.FormatVersion > CurrentFormatVersion)
        {
            throw new InvalidDataException($"Ensemble manifest {path} has format {manifest.FormatVersion}; this version reads up to {CurrentFormatVersion}.");
        }
        manifest.Validate(path);
        return manifest;
    }

    /// <summary>Writes the manifest atomically.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Validate(path);
        AtomicFile.WriteAllText(path, ToJson());
    }

    /// <summary>The manifest as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    /// <summary>The absolute path of <paramref name="relative"/>, a path stored in the manifest at <paramref name="manifestPath"/>.</summary>
    public static string Resolve(string manifestPath, string relative) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, relative));

    /// <summary>How the manifest at <paramref name="manifestPath"/> stores <paramref name="path"/>: relative to its
    /// folder when it lies below it, absolute otherwise.</summary>
    public static string Store(string manifestPath, string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        string full = Path.GetFullPath(path);
        string relative = Path.GetRelativePath(folder, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }

    private void Validate(string path)
    {
        if (Members is null || Members.Count == 0)
        {
            throw new InvalidDataException($"Ensemble manifest {path} has no members.");
        }
        HeldOut.Validate();
        string? duplicate = Members.GroupBy(member => member.Source, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Two members of {path} have the source name '{duplicate}'.");
        }
        if (Mixing is null || Mixing.StaticWeights.Count != Members.Count)
        {
            throw new InvalidDataException($"Ensemble manifest {path}: {Members.Count} members but {Mixing?.StaticWeights.Count ?? 0} mixing weights.");
        }
        if (Mixing.LogLinearWeights is { } beta && beta.Count != Members.Count)
        {
            throw new InvalidDataException($"Ensemble manifest {path}: {Members.Count} members but {beta.Count} log-linear weights.");
        }
    }

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
