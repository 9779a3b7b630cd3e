using System.CommandLine;
using System.Text.Json;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li evaluate</c>: measure a saved model on text (the model's own vocabulary and window).</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var corpus = new CorpusOptions();
        var windows = new WindowCommandOptions();
        var model = new Option<string>("--model", "-m") { Description = "Model zip written by train.", DefaultValueFactory = _ => TrainCommand.DefaultOutput };
        var metrics = new Option<string?>("--metrics") { Description = "Also write the metrics to this JSON file." };
        var command = new Command("evaluate", "Measure a saved model's accuracy, top-5 accuracy and bits per character on every split of a text.");
        command.Options.Add(model);
        corpus.AddTo(command);
        windows.AddTo(command, includeVocabulary: false);
        command.Options.Add(metrics);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, parse.GetValue(model)!);
            var text = corpus.Read(parse, cancellation, console.Preparation());
            CharacterWindowOptions options = windows.Read(parse, loaded.Card.VocabularyObject, seed: 0) with
            {
                WindowSize = loaded.Card.WindowSize,
                Kind = loaded.Card.WindowKind,
                CorruptionFraction = 0,
            };
            CharacterWindowData data = mlContext.Data.LoadCharacterWindows(text, options, console.Preparation(), cancellation);
            var results = TrainingRun.Splits(data).ToDictionary(
                split => split.Name, split => LanguageModelEvaluator.Evaluate(mlContext, loaded.Model, split.View), StringComparer.Ordinal);
            console.Line($"Model {parse.GetValue(model)} ({loaded.Card.Trainer}, window {loaded.Card.WindowSize}) on {text.Count} book(s):");
            console.Out.Write(ResultTables.MetricsTable(results));
            if (parse.GetValue(metrics) is string path)
            {
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
