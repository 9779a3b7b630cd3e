using System.Globalization;
using System.Text;
using LanguageInterpolation.Bench.Common;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Transforms.Windowing;

namespace LanguageInterpolation.Bench.Gpu;

/// <summary>A GPU check's Markdown report, echoed line by line so that a run cut short still shows its progress.</summary>
internal sealed class GpuReport(string title, string command)
{
    private readonly StringBuilder _text = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine()
        .AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`")
        .AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
        .AppendLine(CultureInfo.InvariantCulture, $"- Machine: {MachineInfo.Machine()}").AppendLine();

    public void Line(FormattableString line)
    {
        string text = line.ToString(CultureInfo.InvariantCulture);
        _text.AppendLine(text);
        Console.WriteLine(text);
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, _text.ToString());

    /// <summary>The memorize-split windows of 16 of The Dunwich Horror, as every GPU check uses them.</summary>
    public static CharacterWindows DunwichWindows() =>
        WindowedCorpus.Create(CorpusReader.Read([Path.Combine(MachineInfo.RepositoryRoot, "data", "gutenberg", "pg50133-dunwich-horror.txt")]),
            new CharacterWindowOptions { WindowSize = 16, Split = SplitKind.Memorize }).Train;
}
