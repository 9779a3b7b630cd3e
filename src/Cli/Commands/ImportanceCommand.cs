using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li importance</c>: which context positions a saved model relies on (permutation importance on held-out text).</summary>
public static class ImportanceCommand
{
    /// <summary>Default shuffles per position.</summary>
    public const int DefaultPermutations = 3;

    /// <summary>Default number of held-out windows measured.</summary>
    public const int DefaultRows = 2_000;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var corpus = new CorpusOptions();
        var windows = new WindowCommandOptions();
        var model = new Option<string>("--model", "-m") { Description = "Model zip written by train.", DefaultValueFactory = _ => TrainCommand.DefaultOutput };
        var permutations = new Option<int>("--permutations") { Description = "Shuffles per position.", DefaultValueFactory = _ => DefaultPermutations };
        var rows = new Option<int>("--rows") { Description = "Held-out windows to measure on (from the start of the test split).", DefaultValueFactory = _ => DefaultRows };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffles.", DefaultValueFactory = _ => 0 };
        var plot = new Option<string?>("--plot") { Description = "Also draw a bar chart to this PNG file." };
        var command = new Command("importance", "Permutation importance of context positions: how many bits per character a saved model loses when the character at one position is shuffled across held-out windows.");
        command.Options.Add(model);
        corpus.AddTo(command);
        windows.AddTo(command, includeVocabulary: false);
        command.Options.Add(permutations);
        command.Options.Add(rows);
        command.Options.Add(seed);
        command.Options.Add(plot);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            if (parse.GetValue(permutations) < 1 || parse.GetValue(rows) < 2)
            {
                throw new ArgumentException($"--permutations must be at least 1 and --rows at least 2 (got {parse.GetValue(permutations)} and {parse.GetValue(rows)}).");
            }
            var mlContext = new MLContext(parse.GetValue(seed)).RegisterLanguageInterpolation();
            LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, parse.GetValue(model)!);
            var text = corpus.Read(parse, cancellation);
            CharacterWindowOptions options = windows.Read(parse, loaded.Card.VocabularyObject, seed: 0) with
            {
                WindowSize = loaded.Card.WindowSize,
                Kind = loaded.Card.WindowKind,
                CorruptionFraction = 0,
            };
            CharacterWindowData data = mlContext.Data.LoadCharacterWindows(text, options);
            ContextImportanceResult result = ContextImportance.Measure(mlContext, loaded.Model, data.Windows.Test,
                parse.GetValue(permutations), parse.GetValue(seed), parse.GetValue(rows), new SynchronousProgress<string>(console.Line), cancellation);
            console.Line(string.Create(CultureInfo.InvariantCulture,
                $"Model {parse.GetValue(model)} ({loaded.Card.Trainer}) on {result.Baseline.Rows:N0} held-out windows: {result.Baseline.BitsPerCharacter:F3} bits per character, accuracy {result.Baseline.Accuracy:F4}."));
            console.Out.Write(Table(result));
            if (parse.GetValue(plot) is string path)
            {
                ContextImportanceChart.Save(result, path);
                console.Line($"Chart written to {path}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Table Table(ContextImportanceResult result)
    {
        var table = new Table().AddColumn("position").AddColumn(new TableColumn("+bits/char").RightAligned())
            .AddColumn(new TableColumn("± sd").RightAligned()).AddColumn(new TableColumn("-accuracy").RightAligned());
        foreach (PositionImportance position in result.Positions.Reverse())
        {
            table.AddRow(position.Offset.ToString(CultureInfo.InvariantCulture),
                position.BitsIncrease.ToString("F3", CultureInfo.InvariantCulture),
                position.BitsIncreaseStandardDeviation.ToString("F3", CultureInfo.InvariantCulture),
                position.AccuracyDrop.ToString("F4", CultureInfo.InvariantCulture));
        }
        return table;
    }
}
