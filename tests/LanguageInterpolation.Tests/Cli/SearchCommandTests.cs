using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public sealed class SearchCommandTests
{
    private const string Space = """
        { "base": "small",
          "parameters": { "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 1e-3, "max": 1e-2 } } }
        """;

    private static string[] Tiny(string folder) =>
    [
        "search", "--space", Path.Combine(folder, "space.json"), "--book", TestData.Book(TestData.Dunwich), "--max-chars", "3000",
        "--window-size", "8", "--vocabulary", "corpus", "--max-resource", "1", "--threads", "1",
        "--log", Path.Combine(folder, "trials.jsonl"), "--output-dir", Path.Combine(folder, "out"),
    ];

    [Fact]
    public void Search_TinyRunThenResume_SkipsFinishedTrialsAndWritesALoadablePreset()
    {
        string folder = TestData.NewScratchFolder();
        File.WriteAllText(Path.Combine(folder, "space.json"), Space);

        var first = CliRun.Run([.. Tiny(folder), "--trials", "2"]);
        var again = CliRun.Run([.. Tiny(folder), "--trials", "2"]);
        var resumed = CliRun.Run([.. Tiny(folder), "--trials", "3", "--resume"]);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.True(Lines(first.Output, "trial ") == 2, first.Output);
        Assert.Equal(ExitCodes.BadInput, again.ExitCode);
        Assert.Contains("--resume", again.Error);
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Error);
        Assert.Contains("2 finished job(s) read back", resumed.Output);
        Assert.Equal(1, Lines(resumed.Output, "trial 3 rung 0"));
        Assert.Equal(0, Lines(resumed.Output, "trial 1 rung 0"));
        Assert.Equal(3, TrialLog.Read(Path.Combine(folder, "trials.jsonl")).Records.Count);
        NetworkPreset best = NetworkPresets.Load(Path.Combine(folder, "out", SearchDefaults.BestPresetFile));
        Assert.Equal("small-search", best.Name);
        Assert.Contains("li train --trainer", resumed.Output);
    }

    [Fact]
    public void Search_BadSpace_ExitsBadInputNamingTheField()
    {
        string folder = TestData.NewScratchFolder();
        File.WriteAllText(Path.Combine(folder, "space.json"), """
            { "base": "small", "parameters": {
                "network.hidden_widht": { "distribution": "int_uniform", "min": 4, "max": 8 },
                "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 0, "max": 1 } } }
            """);

        var (code, _, error) = CliRun.Run(Tiny(folder));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("training.optimizer.learning_rate: log_uniform needs min > 0", error);
    }

    [Fact]
    public void Search_SpaceFieldNotInPreset_ExitsBadInputNamingTheField()
    {
        string folder = TestData.NewScratchFolder();
        File.WriteAllText(Path.Combine(folder, "space.json"), """
            { "base": "relu_mlp", "parameters": { "network.input_segments": { "distribution": "choice", "values": [64, 128] } } }
            """);

        var (code, _, error) = CliRun.Run(Tiny(folder));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("network.input_segments: not a field of the preset (did you mean", error);
        Assert.False(File.Exists(Path.Combine(folder, "trials.jsonl")));
    }

    [Theory]
    [InlineData("""{ "parameters": { "training.batch_size": { "distribution": "choice", "values": [64] } } }""", new string[0], "No base preset")]
    [InlineData(Space, new[] { "--reduction-factor", "1" }, "ReductionFactor must be at least 2")]
    [InlineData(Space, new[] { "--min-resource", "0.5" }, "must be whole epochs")]
    [InlineData(Space, new[] { "--trainer", "nope" }, "Unknown preset 'nope'")]
    [InlineData(Space, new[] { "--plot-parameter", "network.hidden_width" }, "'network.hidden_width' is not searched")]
    [InlineData(Space, new[] { "--validation-fraction", "0" }, "no validation windows")]
    public void Search_BadInput_ExitsBadInputWithAMessage(string space, string[] extra, string expected)
    {
        string folder = TestData.NewScratchFolder();
        File.WriteAllText(Path.Combine(folder, "space.json"), space);

        var (code, _, error) = CliRun.Run([.. Tiny(folder), .. extra]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Search_MissingSpaceFile_ExitsBadInput()
    {
        var (code, _, error) = CliRun.Run("search", "--space", Path.Combine(TestData.NewScratchFolder(), "none.json"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("none.json", error);
    }

    [Fact]
    public void Search_Set_ChangesTheBasePresetOfEveryTrial()
    {
        string folder = TestData.NewScratchFolder();
        File.WriteAllText(Path.Combine(folder, "space.json"), Space);

        var (code, _, error) = CliRun.Run([.. Tiny(folder), "--trials", "1", "--set", "network.hidden_width=6", "--set", "batch_size=64"]);

        Assert.True(code == ExitCodes.Success, error);
        NetworkPreset best = NetworkPresets.Load(Path.Combine(folder, "out", SearchDefaults.BestPresetFile));
        Assert.Equal(6, ((HighOrderMlpConfig)best.Network).HiddenWidth);
        Assert.Equal(64, best.Training.BatchSize);
    }

    [Fact]
    public void Search_BadSpace_FailsBeforeTheCorpusLoads()
    {
        string space = Path.Combine(TestData.NewScratchFolder(), "space.json");
        File.WriteAllText(space, """{ "base": "small", "parameters": { "network.hidden_widht": { "distribution": "int_uniform", "min": 4, "max": 8 } } }""");

        var (code, _, error) = CliRun.Run("search", "--space", space, "--book", "/nonexistent/book.txt");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("network.hidden_widht: not a field of the preset (did you mean network.hidden_width?)", error);
    }

    [Fact]
    public void Search_SetUnknownField_ExitsBadInputNamingTheClosest()
    {
        string space = Path.Combine(TestData.NewScratchFolder(), "space.json");
        File.WriteAllText(space, """{ "base": "small", "parameters": { "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 1e-4, "max": 1e-2 } } }""");

        var (code, _, error) = CliRun.Run("search", "--space", space, "--set", "network.hidden_widht=4", "--book", "/nonexistent/book.txt");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--set network.hidden_widht: not a field of the preset (did you mean network.hidden_width?)", error);
    }

    [Theory]
    [InlineData(new[] { "search" }, "--space")]
    [InlineData(new[] { "search", "--space", "s.json", "--rung-unit", "minutes" }, "minutes")]
    [InlineData(new[] { "search", "--space", "s.json", "--trials", "few" }, "few")]
    public void Search_MissingOrMalformedOption_ExitsUsage(string[] args, string expected)
    {
        var (code, _, error) = CliRun.Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
    }

    private static int Lines(string text, string prefix) => text.Split('\n').Count(line => line.StartsWith(prefix, StringComparison.Ordinal));
}
