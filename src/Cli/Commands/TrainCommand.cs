using LanguageInterpolation.Trainers.Presets;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li train</c>: book(s) in, evaluated model zip out.</summary>
public static class TrainCommand
{
    /// <summary>The main job's trainer: a high-order network (continuous-input piecewise-polynomial layer, then a
    /// small ReLU MLP) regularised for short books. On the embedded book it stops early after about 45 epochs,
    /// about 40 s of training on 2 idle cores, at 2.92 held-out bits per character (LightGBM: 2.85, silent for
    /// 20 s); every epoch prints a line.</summary>
    public const string DefaultTrainer = "large_standard_regularized";

    /// <summary>Default model path.</summary>
    public const string DefaultOutput = "model.zip";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var corpus = new CorpusOptions();
        var windows = new WindowCommandOptions();
        var trainer = new Option<string>("--trainer", "-t")
        {
            Description = "Trainer or preset name, or a preset file (.json): " + string.Join(", ", TrainerRegistry.Names) + ".",
            DefaultValueFactory = _ => DefaultTrainer,
        };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the model zip.", DefaultValueFactory = _ => DefaultOutput };
        var metrics = new Option<string?>("--metrics") { Description = "Where to write the metrics (JSON). Default: next to the model, <model>.metrics.json." };
        var settings = new TrainerSettingsOptions();
        var overrides = new PresetOverrideOptions();
        var initFrom = new InitFromOptions();
        var command = new Command("train", "Train a next-character model, evaluate it on every split, save it and print a sample.");
        corpus.AddTo(command);
        windows.AddTo(command);
        command.Options.Add(trainer);
        settings.AddTo(command);
        overrides.AddTo(command);
        initFrom.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(metrics);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            // Everything the command line decides is checked before the corpus loads, which can take minutes.
            InitFromOptions.Continuation? init = initFrom.Read(parse);
            using LanguageNetwork? initialNetwork = init?.Network;
            string trainerName = init?.TrainerName(parse, trainer) ?? parse.GetValue(trainer)!;
            string outputPath = parse.GetValue(output)!;
            string metricsPath = parse.GetValue(metrics) ?? Path.ChangeExtension(outputPath, ".metrics.json");
            OutputLocation.RequireWritableFile(outputPath, "--output");
            OutputLocation.RequireWritableFile(metricsPath, "--metrics");
            TrainerSettings trainerSettings = settings.Read(parse, cancellation);
            NetworkPreset? preset = init?.Preset(trainerName) ?? overrides.ResolvePreset(parse, trainerName);
            // Neural runs always checkpoint, so that Ctrl-C or a crash loses at most one epoch; the implicit
            // checkpoint is removed once the model is saved.
            string? implicitCheckpoint = preset is not null && trainerSettings.CheckpointPath is null ? outputPath + ".checkpoint" : null;
            trainerSettings = trainerSettings with { CheckpointPath = trainerSettings.CheckpointPath ?? implicitCheckpoint };
            NetworkPreset? effective = EffectiveConfiguration.Validate(preset, trainerSettings, parse.GetValue(windows.WindowSize));
            int maxEpochs = effective?.Training.MaxEpochs ?? 0;
            trainerSettings = trainerSettings with
            {
                Progress = new SynchronousProgress<EpochReport>(report => console.Line("  " + NetworkTrainerBase.Describe(report, maxEpochs))),
            };

            var mlContext = new MLContext(parse.GetValue(settings.Seed)).RegisterLanguageInterpolation();
            var text = corpus.Read(parse, cancellation, console.Preparation());
            var windowOptions = windows.Read(parse, init?.Vocabulary(parse, windows, text) ?? windows.ReadVocabulary(parse, text), parse.GetValue(settings.Seed));
            windowOptions = init?.Windows(parse, windows, windowOptions) ?? windowOptions;
            corpus.CheckRepresentable(parse, text, windowOptions.Vocabulary, console, cancellation);
            CharacterWindowData data = mlContext.Data.LoadCharacterWindows(text, windowOptions, console.Preparation(), cancellation);
            console.Line($"Corpus: {text.Count} book(s), {text.CharacterCount:N0} characters; {data.Windows.Train.Count:N0} training, {data.Windows.Validation.Count:N0} validation, {data.Windows.Test.Count:N0} test windows of {windowOptions.WindowSize} ({windowOptions.Split}).");
            JsonObject configuration = effective is null ? EffectiveConfiguration.ToJson(TrainerRegistry.LightGbmOptions(trainerSettings)) : EffectiveConfiguration.ToJson(effective);
            console.Line(effective is null ? "Configuration (LightGBM's options):" : "Configuration (the preset with --set and the command line's options applied):");
            console.Output.WriteLine(configuration.ToJsonString(EffectiveConfiguration.Indented)); // unwrapped, so that it can be copied into a preset file
            console.Line($"Training {trainerName}...");
            TrainingRunResult result = init is not null
                ? init.Train(mlContext, trainerName, preset!, data, trainerSettings, console.Line)
                : preset is null
                    ? TrainingRun.Run(mlContext, trainerName, data, trainerSettings, console.Line)
                    : TrainingRun.Run(mlContext, trainerName, TrainerRegistry.CreatePipeline(mlContext, preset, data, trainerSettings with { Validation = data.Validation }),
                        data, trainerSettings, console.Line);
            result = result with { Card = result.Card with { Configuration = configuration } };
            LanguageModelFile.Save(mlContext, result.Model, result.InputSchema, result.Card, outputPath);
            if (implicitCheckpoint is not null)
            {
                File.Delete(implicitCheckpoint);
            }
            string sample = GenerateSample(mlContext, result, data);
            ResultTables.WriteRun(console, result);
            console.Line($"Sample (greedy, prompt \"{GenerationDefaults.Prompt}\"): {GenerationDefaults.Prompt}{sample.ReplaceLineEndings(" ")}");
            AtomicFile.WriteAllText(metricsPath, MetricsJson(result, text.CharacterCount, windowOptions, sample));
            console.Line($"Model written to {outputPath}; metrics to {metricsPath}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string GenerateSample(MLContext mlContext, TrainingRunResult result, CharacterWindowData data)
    {
        if (data.Windows.Options.Kind != WindowKind.Sequence)
        {
            return "(centered models predict a middle character and do not generate text)";
        }
        using var scorer = new PredictionEngineScorer(mlContext, result.Model, data.Vocabulary, data.WindowSize);
        return new TextGenerator(scorer).Generate(new GenerationOptions());
    }

    private static string MetricsJson(TrainingRunResult result, long characters, CharacterWindowOptions windows, string sample) =>
        JsonSerializer.Serialize(new
        {
            trainer = result.Trainer,
            created_utc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            command = "li " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            corpus_characters = characters,
            window_size = windows.WindowSize,
            window_kind = windows.Kind.ToString(),
            split = windows.Split.ToString(),
            training_rows = result.TrainingRows,
            training_seconds = result.TrainingTime.TotalSeconds,
            peak_memory_mib = result.PeakMemoryBytes / (1024.0 * 1024.0),
            parameters = result.Parameters,
            samples_per_second = result.SamplesPerSecond,
            metrics = result.Metrics.ToDictionary(pair => pair.Key, pair => new
            {
                rows = pair.Value.Rows,
                accuracy = pair.Value.Accuracy,
                top5_accuracy = pair.Value.TopKAccuracy,
                log_loss_nats = pair.Value.LogLoss,
                bits_per_character = pair.Value.BitsPerCharacter,
            }),
            sample,
        }, new JsonSerializerOptions { WriteIndented = true });
}
