using System.Text.Json.Nodes;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Tests.Support;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

public sealed class TrialLogTests
{
    private static readonly TrialLogHeader Header = new()
    {
        Space = "{}",
        BasePreset = "{}",
        Seed = 1,
        RungUnit = "Epochs",
        Rungs = [1, 3],
        ReductionFactor = 3,
        Threads = 2,
        Data = "data",
    };

    [Fact]
    public void Open_NewLog_WritesHeaderAndAppendsOneLinePerRecord()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "sub", "trials.jsonl");
        TrialLog log = TrialLog.Open(path, Header, resume: false);

        log.Append(Record(1, objective: 4.25));
        log.Append(Record(2, objective: double.NaN));

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"rung_unit\":\"Epochs\"", lines[0]);
        Assert.Contains("\"objective\":4.25", lines[1]);
        Assert.Contains("\"objective\":\"NaN\"", lines[2]);
        var (header, records) = TrialLog.Read(path);
        Assert.Empty(header.Differences(Header));
        Assert.Equal([1, 2], records.Select(record => record.Trial));
        Assert.Equal(0.001, records[0].Parameters["training.optimizer.learning_rate"]!.GetValue<double>());
        Assert.True(double.IsNaN(records[1].Objective));
    }

    [Fact]
    public void Open_TornLastLine_DropsItAndAppendsOnANewLine()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        TrialLog.Open(path, Header, resume: false).Append(Record(1, 4.0));
        File.AppendAllText(path, "{\"trial\":2,\"ru"); // a crash mid-write

        TrialLog resumed = TrialLog.Open(path, Header, resume: true);
        resumed.Append(Record(3, 3.5));

        Assert.Equal([1], resumed.Records.Select(record => record.Trial));
        Assert.Equal([1, 3], TrialLog.Read(path).Records.Select(record => record.Trial));
    }

    [Fact]
    public void Open_ExistingLogWithoutResume_ThrowsNamingResume()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        TrialLog.Open(path, Header, resume: false);

        var error = Assert.Throws<InvalidDataException>(() => TrialLog.Open(path, Header, resume: false));

        Assert.Contains("--resume", error.Message);
    }

    [Fact]
    public void Open_OtherSearch_ThrowsNamingTheDifferences()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        TrialLog.Open(path, Header, resume: false);

        var error = Assert.Throws<InvalidDataException>(() => TrialLog.Open(path, Header with { Seed = 2, Rungs = [1, 2] }, resume: true));

        Assert.Contains("Seed, Rungs differ", error.Message);
    }

    [Fact]
    public void Read_CorruptMiddleLine_ThrowsNamingTheLine()
    {
        string path = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        TrialLog.Open(path, Header, resume: false);
        File.AppendAllText(path, "not json\n");

        var error = Assert.Throws<InvalidDataException>(() => TrialLog.Read(path));

        Assert.Contains("line 2", error.Message);
    }

    private static TrialRecord Record(int trial, double objective) => new()
    {
        Trial = trial,
        Rung = 0,
        Resource = 1,
        Objective = objective,
        Epochs = 1,
        TrainSeconds = 0.5,
        JobSeconds = 0.7,
        StopReason = "MaxEpochs",
        Parameters = new Dictionary<string, JsonNode?> { ["training.optimizer.learning_rate"] = JsonValue.Create(0.001) },
        FinishedUtc = "2026-11-26T00:00:00Z",
    };
}
