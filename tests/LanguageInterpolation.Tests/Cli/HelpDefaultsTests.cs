using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Optimizers;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Xunit;

namespace LanguageInterpolation.Tests.Cli;

/// <summary>The help text reads its defaults from the code, so that it cannot drift from them.</summary>
public sealed class HelpDefaultsTests
{
    private static readonly LightGbmBaselineOptions LightGbm = new();

    [Fact]
    public void TrainHelp_ShowsTheCodesDefaults()
    {
        string help = Help("train");

        Assert.Contains($"LightGBM boosting rounds (default {LightGbm.NumberOfIterations})", help, StringComparison.Ordinal);
        Assert.Contains($"LightGBM leaves per tree (default {LightGbm.NumberOfLeaves})", help, StringComparison.Ordinal);
        Assert.Contains(Invariant($"LightGBM's shrinkage {LightGbm.LearningRate}"), help, StringComparison.Ordinal);
        Assert.Contains(Invariant($"Lion {OptimizerDefaults.LionLearningRate}, Adam {OptimizerDefaults.AdamLearningRate}"), help, StringComparison.Ordinal);
        Assert.Contains($"ascii ({CharacterVocabulary.Ascii.Count} classes", help, StringComparison.Ordinal);
        Assert.Contains($"[default: {WindowDefaults.WindowSize}]", help, StringComparison.Ordinal);
        Assert.Contains("--set", help, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareHelp_ShowsLightGbmsLearningRate()
    {
        string help = Help("compare");

        Assert.Contains(Invariant($"for the lightgbm entry only (default {LightGbm.LearningRate})"), help, StringComparison.Ordinal);
    }

    private static string Help(string command)
    {
        var (code, output, _) = CliRun.Run(command, "--help");
        Assert.Equal(ExitCodes.Success, code);
        return string.Join(' ', output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)); // undo the help's line wrapping
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
