using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Comparison;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li compare</c>: train several trainers on the same windows under one budget and report them side by side.</summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var corpus = new CorpusOptions();
        var windows = new WindowCommandOptions();
        var settings = new TrainerSettingsOptions();
        var compare = new CompareCommandOptions();
        var overrides = new PresetOverrideOptions();
        var command = new Command("compare", "Train several trainers on the same corpus, window and split under one budget; write a markdown table, a CSV and PNG charts, and print the table.");
        corpus.AddTo(command);
        windows.AddTo(command);
        compare.AddTo(command);
        overrides.AddTo(command);
        // The budget and the knobs every trainer shares; per-preset knobs (learning rate, batch size) and
        // single-run checkpoints stay with `train`.
        foreach (Option option in new Option[] { settings.Seed, settings.Threads, settings.MaxEpochs, settings.TimeBudget, settings.Iterations, settings.Leaves, settings.Categorical, settings.Device })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            // --set applies to every network entry (a key must be a field of each); LightGBM keeps its options.
            IReadOnlyList<ComparisonEntry> entries = [.. compare.ReadEntries(parse).Select(entry =>
                overrides.Read(parse).Count == 0 || string.Equals(entry.Name, TrainerRegistry.LightGbm, StringComparison.OrdinalIgnoreCase)
                    ? entry
                    : entry with { CreatePipeline = ComparisonEntry.FromPreset(overrides.ResolvePreset(parse, entry.Name)!, entry.Name).CreatePipeline })];
            OutputLocation.RequireWritableFolder(parse.GetValue(compare.OutputDirectory), "--output-dir");
            int seed = parse.GetValue(settings.Seed);
            TrainerSettings sharedSettings = settings.Read(parse, cancellation);
            foreach (string trainer in compare.ReadTrainers(parse))
            {
                // Each entry's options are checked before the corpus loads, as train does.
                EffectiveConfiguration.Validate(overrides.ResolvePreset(parse, trainer), sharedSettings, parse.GetValue(windows.WindowSize));
            }
            var mlContext = new MLContext(seed).RegisterLanguageInterpolation();
            var text = corpus.Read(parse, cancellation, console.Preparation());
            CharacterWindowOptions windowOptions = windows.Read(parse, windows.ReadVocabulary(parse, text), seed);
            corpus.CheckRepresentable(parse, text, windowOptions.Vocabulary, console, cancellation);
            CharacterWindowData data = mlContext.Data.LoadCharacterWindows(text, windowOptions, console.Preparation(), cancellation);
            console.Line($"Corpus: {text.Count} book(s), {text.CharacterCount:N0} characters; {data.Windows.Train.Count:N0} training, {data.Windows.Validation.Count:N0} validation, {data.Windows.Test.Count:N0} test windows of {windowOptions.WindowSize} ({windowOptions.Split}).");
            int? maxEpochs = parse.GetValue(settings.MaxEpochs);
            var progress = new SynchronousProgress<EpochReport>(report => console.Line("  " + NetworkTrainerBase.Describe(report, maxEpochs ?? 0)));
            var options = new ComparisonOptions
            {
                Settings = sharedSettings with { Progress = progress },
                Generation = compare.ReadGeneration(parse, seed),
                InferenceRows = parse.GetValue(compare.InferenceRows),
                TrainEvaluationRows = parse.GetValue(compare.TrainEvaluationRows) is long rows and not 0 ? rows : null,
                OutputDirectory = parse.GetValue(compare.OutputDirectory),
                ReferenceBitsPerCharacter = parse.GetValue(compare.ReferenceBitsPerCharacter),
                ReferenceLabel = parse.GetValue(compare.ReferenceLabel)!,
                Log = console.Line,
            };
            options.Validate();
            PromptCheck.Inspect(windowOptions.Vocabulary, options.Generation.Prompt).ThrowIfUnusable(windowOptions.Vocabulary);
            ComparisonResult result = TrainerComparison.Run(mlContext, data, entries, options);
            console.Out.Write(Table(result));
            foreach (ComparisonRow row in result.Rows)
            {
                console.Line($"{row.Name}: {options.Generation.Prompt}{row.Sample?.ReplaceLineEndings(" ") ?? "(no sample)"}");
            }
            console.Line($"Best held-out bits per character: {result.Best.Name} ({result.Best.HeldOut.BitsPerCharacter.ToString("F3", CultureInfo.InvariantCulture)}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The comparison as a console table (the markdown table's columns).</summary>
    public static Table Table(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().AddColumns("trainer", "parameters", "training s", "epochs", "samples/s", "peak MiB", "train acc",
            $"{Split(result)} acc", $"{Split(result)} top-5", $"{Split(result)} bits/char", "inference rows/s");
        foreach (ComparisonRow row in result.Rows)
        {
            table.AddRow(
                row.Name,
                row.Parameters?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                row.TrainingTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                row.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "-",
                row.SamplesPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                (row.PeakMemoryBytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture),
                row.Train.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
                row.HeldOut.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
                row.HeldOut.TopKAccuracy.ToString("F4", CultureInfo.InvariantCulture),
                row.HeldOut.BitsPerCharacter.ToString("F3", CultureInfo.InvariantCulture),
                row.Inference.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static string Split(ComparisonResult result) => result.Rows.Count > 0 ? result.Rows[0].HeldOutSplit : "held-out";
}
