namespace LanguageInterpolation.Cli.Infrastructure;

/// <summary>
/// Checks where a command will write before it does any work, so that a bad output path fails in a
/// second rather than after a whole training run. A missing folder is fine (the writers create it) as
/// long as its nearest existing ancestor is a writable folder.
/// </summary>
public static class OutputLocation
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="option"/> unless
    /// <paramref name="path"/> can be written as a file.</summary>
    public static void RequireWritableFile(string? path, string option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{option} is empty: give a file path.");
        }
        if (path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar) || Directory.Exists(path))
        {
            throw new ArgumentException($"{option} {path} is a folder; give a file path (e.g. {Path.Combine(path, "model.zip")}).");
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        RequireWritableFolderCore(folder, option, path);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="option"/> unless
    /// <paramref name="path"/> is, or can become, a writable folder.</summary>
    public static void RequireWritableFolder(string? path, string option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{option} is empty: give a folder path.");
        }
        if (File.Exists(path))
        {
            throw new ArgumentException($"{option} {path} is a file; give a folder path.");
        }
        RequireWritableFolderCore(Path.GetFullPath(path), option, path);
    }

    private static void RequireWritableFolderCore(string folder, string option, string given)
    {
        string existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new ArgumentException($"{option} {given} cannot be written: {existing} is a file, not a folder.");
            }
            existing = Path.GetDirectoryName(existing)
                ?? throw new ArgumentException($"{option} {given} cannot be written: no part of its folder exists.");
        }
        // Permissions, read-only mounts and ACLs are only known by trying: create and remove a probe file.
        string probe = Path.Combine(existing, $".li-write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            throw new ArgumentException($"{option} {given} cannot be written: folder {existing} is not writable ({error.Message}).");
        }
    }
}
