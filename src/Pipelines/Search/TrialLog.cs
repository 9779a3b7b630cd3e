using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LanguageInterpolation.Pipelines.Search;

/// <summary>
/// The search's trial log: JSON lines, a <see cref="TrialLogHeader"/> first and one <see cref="TrialRecord"/>
/// per finished job, each appended and flushed to disk as soon as the job ends, so an interrupted search
/// loses at most the jobs that were running. A torn last line (a crash mid-write) is dropped on reading.
/// </summary>
public sealed class TrialLog
{
    /// <summary>The log's JSON settings (snake_case names; NaN and infinities allowed as strings).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly Lock _gate = new();

    private TrialLog(string path, TrialLogHeader header, IReadOnlyList<TrialRecord> records)
    {
        Path = path;
        Header = header;
        Records = records;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The header.</summary>
    public TrialLogHeader Header { get; }

    /// <summary>The jobs that were already in the log when it was opened.</summary>
    public IReadOnlyList<TrialRecord> Records { get; }

    /// <summary>
    /// Opens a log: a new one (writing the header) when the file does not exist; an existing one only when
    /// <paramref name="resume"/> is set and its header matches <paramref name="header"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The log exists and resume is off, or it belongs to another search (the
    /// message names the differing fields), or it is not a trial log.</exception>
    public static TrialLog Open(string path, TrialLogHeader header, bool resume)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(header);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            Directory.CreateDirectory(folder!);
            File.WriteAllText(path, string.Empty);
            var created = new TrialLog(path, header, []);
            created.AppendLine(JsonSerializer.Serialize(header, JsonOptions));
            return created;
        }
        if (!resume)
        {
            throw new InvalidDataException($"The trial log {path} exists: pass --resume to continue that search, or choose another --log.");
        }
        (TrialLogHeader found, List<TrialRecord> records) = Read(path);
        IReadOnlyList<string> differences = header.Differences(found);
        if (differences.Count > 0)
        {
            throw new InvalidDataException($"The trial log {path} belongs to another search: {string.Join(", ", differences)} differ. Use the same settings to resume it, or choose another --log.");
        }
        return new TrialLog(path, found, records);
    }

    /// <summary>Reads a log: its header and its records.</summary>
    /// <exception cref="InvalidDataException">Not a trial log.</exception>
    public static (TrialLogHeader Header, List<TrialRecord> Records) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        string[] lines = text.Split('\n');
        // Everything after the last newline is a torn write (or nothing).
        int complete = lines.Length - 1;
        TrialLogHeader? header = null;
        var records = new List<TrialRecord>();
        for (int i = 0; i < complete; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                if (header is null)
                {
                    header = JsonSerializer.Deserialize<TrialLogHeader>(lines[i], JsonOptions);
                }
                else
                {
                    records.Add(JsonSerializer.Deserialize<TrialRecord>(lines[i], JsonOptions)!);
                }
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"The trial log {path} is corrupt at line {i + 1}: {error.Message}", error);
            }
        }
        return header is null ? throw new InvalidDataException($"{path} is not a trial log (no header line).") : (header, records);
    }

    /// <summary>Appends a finished job and flushes it to disk (thread-safe).</summary>
    public void Append(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        AppendLine(JsonSerializer.Serialize(record, JsonOptions));
    }

    private void AppendLine(string line)
    {
        lock (_gate)
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            // Drop a torn last line left by a crash, so that the new line starts on a line of its own.
            long end = stream.Length;
            while (end > 0)
            {
                stream.Position = end - 1;
                if (stream.ReadByte() == '\n')
                {
                    break;
                }
                end--;
            }
            stream.SetLength(end);
            stream.Position = end;
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }
}
