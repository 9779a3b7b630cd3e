using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Search;

/// <summary>One tiny search (4 trials of `small`, rungs of 1 and 2 epochs, η = 2), shared by the tests that read it.</summary>
public sealed class TinySearchFixture
{
    public TinySearchFixture()
    {
        MlContext = new MLContext(0).RegisterLanguageInterpolation();
        Data = TinyWindows.Dunwich(MlContext);
        Folder = TestData.NewScratchFolder();
        Result = HyperparameterSearch.Run(MlContext, Data, NetworkPresets.Load("small"), HyperparameterSearchTests.Space(),
            HyperparameterSearchTests.Options(Path.Combine(Folder, "trials.jsonl")) with { OutputDirectory = Folder, PlotParameter = "network.hidden_width" });
    }

    public MLContext MlContext { get; }

    public CharacterWindowData Data { get; }

    public string Folder { get; }

    public SearchResult Result { get; }
}

public sealed class HyperparameterSearchTests(TinySearchFixture fixture) : IClassFixture<TinySearchFixture>
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    internal static SearchSpace Space() => SearchSpace.Parse("""
        { "parameters": {
            "training.optimizer.learning_rate": { "distribution": "log_uniform", "min": 3e-4, "max": 3e-2 },
            "network.hidden_width": { "distribution": "int_uniform", "min": 4, "max": 12 } } }
        """);

    // Epoch rungs, one trial at a time with one thread: every result depends on the seed alone.
    internal static SearchOptions Options(string log) => new()
    {
        LogPath = log,
        Trials = 4,
        MaxResource = 2,
        ReductionFactor = 2,
        Threads = 1,
        Seed = 7,
    };

    [Fact]
    public void Run_FourTrials_RunsEveryTrialAndLogsEachJobOnce()
    {
        SearchResult result = fixture.Result;

        Assert.Equal([1.0, 2.0], result.Rungs);
        Assert.Equal(0, result.JobsReplayed);
        Assert.Equal(result.Records.Count, result.JobsRun);
        Assert.Equal([1, 2, 3, 4], result.Records.Where(record => record.Rung == 0).Select(record => record.Trial));
        Assert.Equal(result.Records.Count, result.Records.Select(record => (record.Trial, record.Rung)).Distinct().Count());
        Assert.All(result.Records, record =>
        {
            Assert.True(double.IsFinite(record.Objective), $"trial {record.Trial} rung {record.Rung}");
            Assert.Equal(record.Rung + 1, record.Epochs);
            Assert.Equal("MaxEpochs", record.StopReason);
        });
        string[] lines = File.ReadAllLines(Path.Combine(fixture.Folder, "trials.jsonl"));
        Assert.Equal(1 + result.Records.Count, lines.Length);
    }

    [Fact]
    public void Run_FourTrials_TheBestTrialLearntAndPromotionsContinueTraining()
    {
        // An untrained network scores about the uniform guess (log2 58 = 5.86 bits); the best trial must have
        // learnt at least the character frequencies (4.3 bits on this slice) to be a meaningful winner.
        double uniformBits = UnigramBaseline.UniformBits(fixture.Data.Windows.Train);

        Assert.True(fixture.Result.Best!.Objective < uniformBits - 1, $"best {fixture.Result.Best.Objective:F3} bits, uniform {uniformBits:F3}");
        // A promoted job resumes its trial's checkpoint and keeps its best epoch, so it can only improve on the rung below.
        Assert.All(fixture.Result.Records.Where(record => record.Rung == 1), promoted =>
            Assert.True(promoted.Objective <= fixture.Result.Records.Single(record => record.Trial == promoted.Trial && record.Rung == 0).Objective,
                $"trial {promoted.Trial}"));
    }

    [Fact]
    public void Run_FourTrials_PromotesOnlyFromTheTopHalfOfWhatRungZeroKnewThen()
    {
        // With one worker a promotion starts right after the job before it in the log: the rung-0 records
        // above it are what the scheduler knew. ASHA promotes from their best ⌊n/η⌋ (η = 2).
        var rung0 = new List<TrialRecord>();
        int promotions = 0;
        foreach (TrialRecord record in fixture.Result.Records)
        {
            if (record.Rung == 0)
            {
                rung0.Add(record);
                continue;
            }
            var top = rung0.OrderBy(known => known.Objective).Take(rung0.Count / 2).Select(known => known.Trial);
            Assert.Contains(record.Trial, top);
            promotions++;
        }
        Assert.InRange(promotions, 2, 3); // ⌊4/2⌋ at the end, plus at most one made on partial knowledge
        Assert.Contains(fixture.Result.Records, record => record.Rung == 1 && record.Trial == rung0.MinBy(known => known.Objective)!.Trial);
        Assert.DoesNotContain(fixture.Result.Records, record => record.Rung == 1 && record.Trial == rung0.MaxBy(known => known.Objective)!.Trial);
    }

    [Fact]
    public void Run_Finished_BestIsTheLowestObjectiveOfTheTopRung()
    {
        TrialRecord best = fixture.Result.Best!;

        Assert.Equal(1, best.Rung);
        Assert.Equal(fixture.Result.Records.Where(record => record.Rung == 1).Min(record => record.Objective), best.Objective);
        Assert.Equal(2, fixture.Result.BestPreset!.Training.MaxEpochs);
        Assert.Equal(best.Parameters["network.hidden_width"]!.GetValue<long>(), ((HighOrderMlpConfig)fixture.Result.BestPreset.Network).HiddenWidth);
    }

    [Fact]
    public void Run_OutputFolder_WritesTablePngAndABestPresetThatTrainsToTheSameObjective()
    {
        SearchFiles files = fixture.Result.Files!;
        Assert.Equal(PngSignature, File.ReadAllBytes(files.Chart)[..8]);
        string markdown = File.ReadAllText(files.Markdown);
        Assert.Contains("| trial | rung | epochs | train s | validation bits/char | validation acc | training.optimizer.learning_rate | network.hidden_width |", markdown);
        Assert.Equal(4, markdown.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\| \d+ \| \d \|")));

        NetworkPreset preset = NetworkPresets.Load(files.BestPreset!);
        TrainingRunResult run = TrainingRun.Run(fixture.MlContext, files.BestPreset!, fixture.Data, new TrainerSettings { Seed = 7, Threads = 1 });

        Assert.Equal("small-search", preset.Name);
        Assert.Equal(2, run.History!.Epochs.Count);
        // Trained in one go, the preset reproduces the search's promoted (checkpoint-resumed) job: the same
        // batches, weights and optimiser state, one thread, so the same validation loss to rounding.
        double objective = run.History.Epochs.Min(epoch => epoch.ValidationBitsPerCharacter!.Value);
        Assert.Equal(fixture.Result.Best!.Objective, objective, 1e-9);
    }

    [Fact]
    public void Run_InterruptedThenResumed_SkipsFinishedJobsAndEndsLikeAnUninterruptedSearch()
    {
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        using var cancellation = new CancellationTokenSource();
        int finished = 0;
        SearchOptions options = Options(log) with
        {
            Cancellation = cancellation.Token,
            Log = line =>
            {
                if (line.StartsWith("trial ", StringComparison.Ordinal) && ++finished == 3)
                {
                    cancellation.Cancel();
                }
            },
        };

        Assert.ThrowsAny<OperationCanceledException>(() =>
            HyperparameterSearch.Run(fixture.MlContext, fixture.Data, NetworkPresets.Load("small"), Space(), options));
        SearchResult resumed = HyperparameterSearch.Run(fixture.MlContext, fixture.Data, NetworkPresets.Load("small"), Space(),
            Options(log) with { Resume = true });

        Assert.Equal(3, resumed.JobsReplayed);
        Assert.Equal(fixture.Result.Records.Count - 3, resumed.JobsRun);
        Assert.Equal(Jobs(fixture.Result), Jobs(resumed));
    }

    [Fact]
    public void Run_SecondsRungs_TrainsEachJobForItsRungsTime()
    {
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");

        // Early stopping off: on a fast machine the tiny validation set can stop a job before its time is up.
        NetworkPreset small = NetworkPresets.Load("small");
        small = small with { Training = small.Training with { EarlyStoppingPatience = 0 } };
        SearchResult result = HyperparameterSearch.Run(fixture.MlContext, fixture.Data, small, Space(),
            Options(log) with { Trials = 2, RungUnit = RungUnit.Seconds, MinResource = 0.2, MaxResource = 0.4 });

        Assert.Equal([0.2, 0.4], result.Rungs);
        Assert.Equal(3, result.Records.Count);
        Assert.All(result.Records, record =>
        {
            Assert.Equal("TimeBudget", record.StopReason);
            // The loop stops after the batch that reaches the budget, never before it (no upper bound: a busy
            // machine may stretch one batch arbitrarily).
            Assert.True(record.TrainSeconds >= record.Resource, $"trial {record.Trial} rung {record.Rung}: {record.TrainSeconds} s");
        });
        // The promoted job continues its trial's rung-0 checkpoint: more epochs and more training time, counted from there.
        TrialRecord promoted = Assert.Single(result.Records, record => record.Rung == 1);
        TrialRecord below = Assert.Single(result.Records, record => record.Rung == 0 && record.Trial == promoted.Trial);
        Assert.True(promoted.Epochs > below.Epochs, $"{promoted.Epochs} epochs after {below.Epochs}");
        Assert.True(promoted.TrainSeconds > below.TrainSeconds);
        Assert.Equal(TimeSpan.FromSeconds(0.4), result.BestPreset!.Training.TimeBudget);
    }

    [Fact]
    public void Run_TwoParallelTrials_RunsAndLogsEveryTrial()
    {
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");

        SearchResult result = HyperparameterSearch.Run(fixture.MlContext, fixture.Data, NetworkPresets.Load("small"), Space(),
            Options(log) with { Parallelism = 2 });

        Assert.Equal([1, 2, 3, 4], result.Records.Where(record => record.Rung == 0).Select(record => record.Trial).Order());
        Assert.InRange(result.Records.Count(record => record.Rung == 1), 2, 3);
        Assert.Equal(1 + result.Records.Count, File.ReadAllLines(log).Length);
        // Rung 0 of a trial does not depend on what else runs: the same objective as the sequential search.
        Assert.All(result.Records.Where(record => record.Rung == 0), record =>
            Assert.Equal(fixture.Result.Records.Single(known => known.Trial == record.Trial && known.Rung == 0).Objective, record.Objective));
    }

    [Fact]
    public void Run_TimeBudget_CutsTheRunningJobLogsNothingUnfinishedAndStartsNoOther()
    {
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        var lines = new List<string>();
        // A first rung of 10,000 epochs (no early stopping) cannot finish within the budget on any machine, so
        // the outcome does not depend on speed: the first job starts, the deadline cuts it, nothing else starts.
        NetworkPreset small = NetworkPresets.Load("small");
        small = small with { Training = small.Training with { EarlyStoppingPatience = 0 } };

        SearchResult result = HyperparameterSearch.Run(fixture.MlContext, fixture.Data, small, Space(),
            Options(log) with { Trials = 3, MinResource = 10_000, MaxResource = 10_000, TimeBudget = TimeSpan.FromSeconds(1), Log = lines.Add });

        Assert.True(result.OutOfTime);
        Assert.Empty(result.Records);
        Assert.Equal(0, result.JobsRun);
        Assert.Null(result.Best);
        Assert.Single(File.ReadAllLines(log)); // the header only: a job cut by the deadline is not logged
        Assert.Single(lines, line => line.Contains("cut by the time budget", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("trial 1 rung 0: cut by the time budget", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("trial 2", StringComparison.Ordinal) || line.StartsWith("trial 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ExistingLogWithoutResume_Throws()
    {
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        File.Copy(Path.Combine(fixture.Folder, "trials.jsonl"), log);

        var error = Assert.Throws<InvalidDataException>(() =>
            HyperparameterSearch.Run(fixture.MlContext, fixture.Data, NetworkPresets.Load("small"), Space(), Options(log)));

        Assert.Contains("--resume", error.Message);
    }

    [Fact]
    public void Run_ResumeFinishedSearch_RunsNothing()
    {
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");
        File.Copy(Path.Combine(fixture.Folder, "trials.jsonl"), log);

        SearchResult again = HyperparameterSearch.Run(fixture.MlContext, fixture.Data, NetworkPresets.Load("small"), Space(), Options(log) with { Resume = true });

        Assert.Equal(0, again.JobsRun);
        Assert.Equal(fixture.Result.Records.Count, again.JobsReplayed);
        Assert.Equal(fixture.Result.Best, again.Best, TrialRecordComparer);
    }

    [Fact]
    public void Run_SpaceThatDoesNotFitThePreset_ThrowsNamingTheField()
    {
        SearchSpace space = SearchSpace.Parse("""{ "parameters": { "network.hidden_segmnets": { "distribution": "choice", "values": [2, 4] } } }""");
        string log = Path.Combine(TestData.NewScratchFolder(), "trials.jsonl");

        var error = Assert.Throws<InvalidDataException>(() =>
            HyperparameterSearch.Run(fixture.MlContext, fixture.Data, NetworkPresets.Load("small"), space, Options(log)));

        Assert.Contains("network.hidden_segmnets", error.Message);
        Assert.False(File.Exists(log));
    }

    [Fact]
    public void Validate_BadOptions_NamesEveryField()
    {
        var options = Options("") with { Trials = 0, ReductionFactor = 1, RungUnit = RungUnit.Seconds, MaxResource = null, Parallelism = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        foreach (string field in new[] { "LogPath", "Trials", "ReductionFactor", "MaxResource must be set", "Parallelism" })
        {
            Assert.Contains(field, error.Message);
        }
    }

    private static readonly IEqualityComparer<TrialRecord?> TrialRecordComparer =
        EqualityComparer<TrialRecord?>.Create((a, b) => a?.Trial == b?.Trial && a?.Rung == b?.Rung && a?.Objective == b?.Objective);

    private static List<string> Jobs(SearchResult result) =>
        [.. result.Records.Select(record => $"{record.Trial}/{record.Rung}: {record.Objective:R} after {record.Epochs}")];
}
