using LanguageInterpolation.Pipelines.Ensembles;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>Turns <c>--member NAME=MODEL --source NAME=FILE</c> pairs, or a folder of models and a folder of sources, into members.</summary>
public static class MemberArguments
{
    /// <summary>Pairs every <c>NAME=MODEL</c> with the <c>NAME=FILE</c> sources of the same name.</summary>
    /// <exception cref="ArgumentException">A malformed pair, a source for no member, or a member without source.</exception>
    public static IReadOnlyList<MemberSpecification> Pair(IReadOnlyList<string> members, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(sources);
        var parsedMembers = members.Select(value => Split(value, "--member", "NAME=MODEL.zip")).ToList();
        var parsedSources = sources.Select(value => Split(value, "--source", "NAME=FILE")).ToList();
        var names = parsedMembers.Select(member => member.Name).ToHashSet(StringComparer.Ordinal);
        if (parsedSources.FirstOrDefault(source => !names.Contains(source.Name)) is { Name: not null } orphan)
        {
            throw new ArgumentException($"--source {orphan.Name}=...: no --member is called '{orphan.Name}'.");
        }
        return parsedMembers.Select(member =>
        {
            var files = parsedSources.Where(source => source.Name == member.Name).Select(source => source.Value).ToArray();
            return files.Length == 0
                ? throw new ArgumentException($"Member '{member.Name}' has no --source {member.Name}=FILE (the text it was trained on).")
                : new MemberSpecification(member.Name, member.Value, files);
        }).ToArray();
    }

    /// <summary>One member per <c>NAME.txt</c> of <paramref name="sourcesFolder"/> whose <c>NAME.zip</c> is in
    /// <paramref name="modelsFolder"/>; the names without a model are returned as unfinished.</summary>
    /// <exception cref="DirectoryNotFoundException">A folder is missing.</exception>
    public static (IReadOnlyList<MemberSpecification> Finished, IReadOnlyList<string> Unfinished) FromFolders(string modelsFolder, string sourcesFolder)
    {
        if (!Directory.Exists(modelsFolder))
        {
            throw new DirectoryNotFoundException($"Models folder not found: {modelsFolder}");
        }
        if (!Directory.Exists(sourcesFolder))
        {
            throw new DirectoryNotFoundException($"Sources folder not found: {sourcesFolder}");
        }
        var finished = new List<MemberSpecification>();
        var unfinished = new List<string>();
        foreach (string source in Directory.GetFiles(sourcesFolder, "*.txt").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(source);
            string model = Path.Combine(modelsFolder, name + ".zip");
            if (File.Exists(model))
            {
                finished.Add(new MemberSpecification(name, model, [source]));
            }
            else
            {
                unfinished.Add(name);
            }
        }
        return (finished, unfinished);
    }

    private static (string Name, string Value) Split(string value, string option, string form)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            throw new ArgumentException($"{option} '{value}': expected {form}.");
        }
        return (value[..equals], value[(equals + 1)..]);
    }
}
