using LanguageInterpolation.Pipelines.Comparison;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Comparison;

/// <summary>One tiny comparison (LightGBM, two presets and a pipeline composed in C#), shared by the tests
/// that only read its result.</summary>
public sealed class TinyComparisonFixture
{
    public TinyComparisonFixture()
    {
        MlContext = new MLContext(0).RegisterLanguageInterpolation();
        Data = TinyWindows.Dunwich(MlContext);
        Folder = TestData.NewScratchFolder();
        Result = TrainerComparison.Run(MlContext, Data, TrainerComparisonTests.Entries(), TrainerComparisonTests.Options(Folder));
    }

    public MLContext MlContext { get; }

    public CharacterWindowData Data { get; }

    public string Folder { get; }

    public ComparisonResult Result { get; }
}

public sealed class TrainerComparisonTests(TinyComparisonFixture fixture) : IClassFixture<TinyComparisonFixture>
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    internal static IReadOnlyList<ComparisonEntry> Entries() =>
    [
        ComparisonEntry.Named("lightgbm") with { ConfigureSettings = settings => settings with { Leaves = 4 } },
        // The preset's rate (1e-3) needs many more epochs than this budget to leave the uniform guess.
        ComparisonEntry.Named("small") with { ConfigureSettings = settings => settings with { LearningRate = 1e-2 } },
        ComparisonEntry.Named("relu_mlp"),
        ComparisonEntry.FromPipeline("maxent", (mlContext, data, settings) => LanguagePipelines.WithFeaturizer(mlContext, data.Vocabulary, data.WindowSize,
            mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 10, NumberOfThreads = 1 }))),
    ];

    // Epoch and iteration budgets, one thread: the figures depend on nothing but the seed. The budgets are the
    // smallest that make every entry learn (see Run_TinySlice_EveryEntryLearnt), about 4 s in all.
    internal static ComparisonOptions Options(string? folder) => new()
    {
        Settings = new TrainerSettings { Seed = 3, Threads = 1, MaxEpochs = 3, Iterations = 10 },
        OutputDirectory = folder,
        InferenceRows = 200,
        TrainEvaluationRows = 1000,
        Generation = new() { Length = 20, TopK = 3 },
        ReferenceBitsPerCharacter = 2.71,
    };

    [Fact]
    public void Run_FourEntries_OneRowPerEntryInOrder()
    {
        Assert.Equal(["lightgbm", "small", "relu_mlp", "maxent"], fixture.Result.Rows.Select(row => row.Name));
        Assert.Equal(fixture.Data.Windows.Train.Count, fixture.Result.TrainingRows);
    }

    [Fact]
    public void Run_TinySlice_EveryEntryLearnt()
    {
        // References computed from the windows alone: the uniform guess (log2 58 = 5.86 bits) is what an
        // untrained model scores, the unigram model (4.27 bits) what one that learnt only the character
        // frequencies scores. Every entry must be far below the first; the best must use the context to beat
        // the second (LightGBM reaches 3.94 bits, ReLU 4.11, max-ent 4.21, small 4.30 with this seed).
        double uniformBits = UnigramBaseline.UniformBits(fixture.Data.Windows.Train);
        double unigramBits = UnigramBaseline.BitsPerCharacter(fixture.Data.Windows.Train, fixture.Data.Windows.Test);

        Assert.All(fixture.Result.Rows, row =>
        {
            Assert.True(row.HeldOut.BitsPerCharacter < uniformBits - 1, $"{row.Name}: {row.HeldOut.BitsPerCharacter:F3} bits, uniform {uniformBits:F3}");
            Assert.True(row.HeldOut.BitsPerCharacter < unigramBits + 0.25, $"{row.Name}: {row.HeldOut.BitsPerCharacter:F3} bits, unigram {unigramBits:F3}");
            Assert.True(row.HeldOut.Accuracy > 0.1, $"{row.Name}: accuracy {row.HeldOut.Accuracy:F3}");
        });
        double best = fixture.Result.Rows.Min(row => row.HeldOut.BitsPerCharacter);
        Assert.True(best < unigramBits - 0.2, $"best {best:F3} bits, unigram {unigramBits:F3}");
    }

    [Fact]
    public void Run_TinySlice_FiguresAreConsistent()
    {
        foreach (ComparisonRow row in fixture.Result.Rows)
        {
            Assert.Equal("test", row.HeldOutSplit);
            Assert.Equal(fixture.Data.Windows.Test.Count, row.HeldOut.Rows);
            Assert.Equal(1000, row.Train.Rows); // the first 1000 of 3192 training windows
            Assert.InRange(row.Train.Accuracy, 0.0, 1.0);
            Assert.InRange(row.HeldOut.Accuracy, 0.0, 1.0);
            Assert.InRange(row.HeldOut.TopKAccuracy, row.HeldOut.Accuracy, 1.0);
            Assert.True(row.TrainingTime > TimeSpan.Zero, row.Name);
            Assert.True(row.PeakMemoryBytes > 0, row.Name);
            Assert.Equal(200, row.Inference.Rows);
            Assert.True(row.Inference.RowsPerSecond > 0, row.Name);
            Assert.Equal(20, row.Sample!.Length);
            Assert.NotEmpty(row.LearningCurve);
        }
        Assert.All(fixture.Result.Rows.Where(row => row.Name is "small" or "relu_mlp"), row =>
        {
            Assert.True(row.Parameters > 0);
            Assert.True(row.SamplesPerSecond > 0);
            Assert.Equal(3, row.Epochs);
            Assert.Equal(new int?[] { 1, 2, 3 }, row.LearningCurve.Select(point => point.Epoch));
            Assert.Equal(row.Run.History!.Epochs.Select(epoch => epoch.ValidationBitsPerCharacter), row.LearningCurve.Select(point => (double?)point.BitsPerCharacter));
        });
        Assert.All(fixture.Result.Rows.Where(row => row.Name is "lightgbm" or "maxent"), row =>
        {
            Assert.Null(row.Parameters);
            Assert.Null(row.Epochs);
            LearningCurvePoint point = Assert.Single(row.LearningCurve);
            Assert.Equal(row.Run.Metrics["validation"].BitsPerCharacter, point.BitsPerCharacter);
            Assert.Equal(row.TrainingTime.TotalSeconds, point.TrainSeconds);
        });
    }

    [Fact]
    public void Run_OutputFolder_WritesMarkdownCsvAndPngCharts()
    {
        ComparisonFiles files = fixture.Result.Files!;
        Assert.Equal(fixture.Folder, Path.GetDirectoryName(files.Csv));
        string[] csv = CsvRecords(File.ReadAllText(files.Csv));
        Assert.Equal(string.Join(',', ComparisonReport.CsvColumns), csv[0]);
        Assert.StartsWith("trainer,parameters,training_seconds,", csv[0]);
        Assert.Equal(1 + 4, csv.Length);
        Assert.StartsWith("lightgbm,,", csv[1]);
        string markdown = File.ReadAllText(files.Markdown);
        Assert.Contains("| trainer | parameters |", markdown);
        Assert.All(fixture.Result.Rows, row => Assert.Contains($"| {row.Name} |", markdown));
        foreach (string png in new[] { files.LearningCurves, files.FinalFigures })
        {
            byte[] bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 1000, png);
            Assert.Equal(PngSignature, bytes[..8]);
        }
    }

    [Fact]
    public void ToCsv_SampleWithCommaQuoteAndNewline_QuotesTheField()
    {
        ComparisonResult result = fixture.Result with { Rows = [fixture.Result.Rows[0] with { Sample = "a,\"b\"\nc" }] };

        string csv = ComparisonReport.ToCsv(result);

        Assert.EndsWith(",ml.net-transform,\"a,\"\"b\"\"\nc\"" + Environment.NewLine, csv);
    }

    [Fact]
    public void Run_SameSeedAndEpochBudget_SameTableApartFromTimes()
    {
        var mlContext = new MLContext(0).RegisterLanguageInterpolation();
        ComparisonResult again = TrainerComparison.Run(mlContext, TinyWindows.Dunwich(mlContext), Entries(), Options(folder: null));

        Assert.Null(again.Files);
        Assert.Equal(TimeFree(fixture.Result), TimeFree(again));
    }

    [Fact]
    public void Run_DuplicateNames_ThrowsNamingThem()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TrainerComparison.Run(fixture.MlContext, fixture.Data, [ComparisonEntry.Named("small"), ComparisonEntry.Named("SMALL")]));

        Assert.Contains("repeated: small", error.Message);
    }

    [Fact]
    public void Named_UnknownTrainer_ThrowsListingKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ComparisonEntry.Named("smal"));

        Assert.Contains("'smal'", error.Message);
        Assert.Contains("lightgbm", error.Message);
    }

    [Theory]
    [InlineData("conv")]
    [InlineData("transformer")]
    [InlineData("high_order_mlp")]
    public void Named_NetworkTypeName_IsAcceptedLikeInTrain(string trainer)
    {
        // Every name `li train --trainer` accepts (a type name trains its default architecture), not only presets.
        Assert.Contains(trainer, LanguageInterpolation.Pipelines.Composition.TrainerRegistry.Names);
        Assert.Equal(trainer, ComparisonEntry.Named(trainer).Name);
    }

    [Fact]
    public void Validate_BadOptions_NamesEveryField()
    {
        var options = new ComparisonOptions { InferenceRows = 0, TrainEvaluationRows = 0, ReferenceBitsPerCharacter = -1, Generation = new() { TopK = 0 } };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("InferenceRows", error.Message);
        Assert.Contains("TrainEvaluationRows", error.Message);
        Assert.Contains("ReferenceBitsPerCharacter", error.Message);
        Assert.Contains("Generation: ", error.Message);
        Assert.Contains("TopK", error.Message);
    }

    // Everything a row measured except times, throughputs and memory.
    private static List<string> TimeFree(ComparisonResult result) =>
    [
        .. result.Rows.Select(row => string.Join(" | ",
            row.Name, row.Parameters, row.Epochs, row.StopReason, row.HeldOutSplit, row.Sample,
            string.Join(", ", row.Run.Metrics.Select(pair => $"{pair.Key}: {pair.Value}")),
            string.Join(", ", row.LearningCurve.Select(point => $"{point.Epoch}: {point.BitsPerCharacter:R}")))),
    ];

    // Records of a CSV text: a quoted field may hold line breaks (generated samples do).
    private static string[] CsvRecords(string text)
    {
        var records = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char character in text)
        {
            if (character == '"')
            {
                quoted = !quoted;
            }
            if (character == '\n' && !quoted)
            {
                records.Add(current.ToString().TrimEnd('\r'));
                current.Clear();
                continue;
            }
            current.Append(character);
        }
        if (current.Length > 0)
        {
            records.Add(current.ToString());
        }
        return [.. records];
    }
}
