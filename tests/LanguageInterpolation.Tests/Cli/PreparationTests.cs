using System.CommandLine;
using LanguageInterpolation.Cli.Commands;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Tests.Support;
using LanguageInterpolation.Transforms.Corpus;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

public class PreparationTests
{
    [Fact]
    public void Train_RandomBytesWithoutNul_RefusedNamingTheShareAndTheOverride()
    {
        string folder = TestData.NewScratchFolder();
        string book = Path.Combine(folder, "random.txt");
        var random = new Random(0);
        File.WriteAllBytes(book, [.. Enumerable.Range(0, 20_000).Select(_ => (byte)random.Next(1, 256))]);
        string model = Path.Combine(folder, "model.zip");

        var refused = CliRun.Run("train", "--trainer", "lightgbm", "--book", book, "--iterations", "1", "--leaves", "4", "--threads", "1", "--output", model);
        var forced = CliRun.Run("train", "--trainer", "lightgbm", "--book", book, "--iterations", "1", "--leaves", "4", "--threads", "1", "--output", model, "--allow-unrepresentable");

        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("random.txt: ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("are not representable in the ascii vocabulary (limit 5%)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-unrepresentable", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Training", refused.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        Assert.Contains("warning: random.txt:", forced.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_BookSlightlyOutsideVocabulary_WarnsAndReports()
    {
        string book = Path.Combine(TestData.NewScratchFolder(), "mixed.txt");
        // 2 of every 100 characters are CJK: above the 1 % warning, below the 5 % refusal.
        File.WriteAllText(book, string.Concat(Enumerable.Repeat(new string('a', 97) + "中文\n", 50)));

        var result = CliRun.Run("corpus", "--book", book);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("warning: mixed.txt: 2.0% of its characters (100 of 5,000)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CleanBook_NoWarning()
    {
        TextCorpus corpus = TextCorpus.FromText("“Café” — an ordinary sentence.\r\n");

        Assert.Empty(UnrepresentableText.Check(corpus, LanguageInterpolation.Transforms.Vocabulary.CharacterVocabulary.Ascii, force: false));
    }

    [Fact]
    public void ReadCorpus_CancelledToken_StopsWithOperationCanceled()
    {
        string book = Path.Combine(TestData.NewScratchFolder(), "book.txt");
        File.WriteAllText(book, "Some text to read.");
        var options = new CorpusOptions();
        var command = new RootCommand();
        options.AddTo(command);
        ParseResult parse = command.Parse(["--book", book]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => options.Read(parse, cancelled.Token));
    }

    [Fact]
    public void Reporter_QuickStage_StaysSilent_SlowStage_PrintsEveryIntervalAndItsEnd()
    {
        var lines = new List<string>();
        TimeSpan now = TimeSpan.Zero;
        var reporter = new PreparationReporter(lines.Add, TimeSpan.FromSeconds(2), () => now);

        reporter.Report(new PreparationProgress("reading", "small.txt", 50, 100));
        now = TimeSpan.FromSeconds(1);
        reporter.Report(new PreparationProgress("reading", "small.txt", 100, 100));
        Assert.Empty(lines);

        reporter.Report(new PreparationProgress("encoding", "big.txt", 0, 1000));
        now = TimeSpan.FromSeconds(3.5);
        reporter.Report(new PreparationProgress("encoding", "big.txt", 400, 1000));
        now = TimeSpan.FromSeconds(4);
        reporter.Report(new PreparationProgress("encoding", "big.txt", 500, 1000));
        now = TimeSpan.FromSeconds(4.5);
        reporter.Report(new PreparationProgress("encoding", "big.txt", 1000, 1000));

        Assert.Equal(["  encoding big.txt: 40%", "  encoding big.txt: 100%"], lines);
    }
}
