using LanguageInterpolation.Trainers.Presets;
using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li search</c>: random search with successive halving over a preset's fields; writes the best preset.</summary>
public static class SearchCommand
{
    /// <summary>Trials shown in the console table.</summary>
    public const int TableRows = 10;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var corpus = new CorpusOptions();
        var windows = new WindowCommandOptions();
        var settings = new TrainerSettingsOptions();
        var search = new SearchCommandOptions();
        var overrides = new PresetOverrideOptions();
        var command = new Command("search", "Search a preset's fields (learning rate, widths, segments, nodes, normalisation, optimiser, batch size...) by random search with asynchronous successive halving; minimises validation bits per character and writes the best preset for `train --trainer`.");
        corpus.AddTo(command);
        windows.AddTo(command);
        search.AddTo(command);
        overrides.AddTo(command);
        foreach (Option option in new Option[] { settings.Seed, settings.Threads, settings.Device })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            SearchSpace space = SearchSpace.Load(parse.GetValue(search.Space)!);
            string basePreset = parse.GetValue(search.Trainer) ?? space.BasePreset
                ?? throw new ArgumentException("No base preset: name one with --trainer, or give the space a \"base\".");
            // --set changes the base preset that every trial starts from.
            NetworkPreset preset = overrides.Apply(parse, NetworkPresets.Load(basePreset), PresetOverrides.Search);
            int seed = parse.GetValue(settings.Seed);
            SearchOptions options = search.Read(parse, seed, parse.GetValue(settings.Threads), parse.GetValue(settings.Device)) with
            {
                Log = console.Line,
                Cancellation = cancellation,
            };
            options.Validate();
            // The space is checked again with the corpus's vocabulary; here, before the corpus loads, with the ASCII one's size.
            space.Validate(preset, Math.Max(parse.GetValue(windows.WindowSize), 1), CharacterVocabulary.Ascii.Count);
            OutputLocation.RequireWritableFile(options.LogPath, "--log");
            if (options.OutputDirectory is not null)
            {
                OutputLocation.RequireWritableFolder(options.OutputDirectory, "--output-dir");
            }
            var mlContext = new MLContext(seed).RegisterLanguageInterpolation();
            var text = corpus.Read(parse, cancellation, console.Preparation());
            CharacterWindowOptions windowOptions = windows.Read(parse, windows.ReadVocabulary(parse, text), seed);
            corpus.CheckRepresentable(parse, text, windowOptions.Vocabulary, console, cancellation);
            CharacterWindowData data = mlContext.Data.LoadCharacterWindows(text, windowOptions, console.Preparation(), cancellation);
            console.Line($"Corpus: {text.Count} book(s), {text.CharacterCount:N0} characters; {data.Windows.Train.Count:N0} training, {data.Windows.Validation.Count:N0} validation windows of {windowOptions.WindowSize}. Base preset: {preset.Name}; searching {string.Join(", ", space.Parameters.Select(parameter => parameter.Path))}.");
            SearchResult result = HyperparameterSearch.Run(mlContext, data, preset, space, options);
            console.Out.Write(Table(result));
            if (result.Best is TrialRecord best && result.Files?.BestPreset is string presetFile)
            {
                console.Line(string.Create(CultureInfo.InvariantCulture,
                    $"Best: trial {best.Trial}, {best.Objective:F4} validation bits per character after {best.Epochs} epochs. Train it with: li train --trainer {presetFile} (with the same corpus and window options)."));
            }
            else
            {
                console.Line("No job finished (time budget too short?).");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The best trials (highest rung, then lowest validation bits per character).</summary>
    public static Table Table(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] paths = [.. result.Space.Parameters.Select(parameter => parameter.Path)];
        // Short headers: the field's last name where that is unambiguous (learning_rate, hidden_width).
        string[] headers = [.. paths.Select(path => path[(path.LastIndexOf('.') + 1)..])];
        headers = headers.Distinct().Count() == headers.Length ? headers : paths;
        var table = new Table().AddColumns(["trial", "rung", "epochs", "train s", "bits/char", .. headers]);
        IEnumerable<TrialRecord> rows = result.Records
            .GroupBy(record => record.Trial)
            .Select(group => group.MaxBy(record => record.Rung)!)
            .OrderByDescending(record => record.Rung)
            .ThenBy(record => double.IsNaN(record.Objective) ? double.PositiveInfinity : record.Objective)
            .Take(TableRows);
        foreach (TrialRecord record in rows)
        {
            table.AddRow([
                record.Trial.ToString(CultureInfo.InvariantCulture),
                record.Rung.ToString(CultureInfo.InvariantCulture),
                record.Epochs.ToString(CultureInfo.InvariantCulture),
                record.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture),
                record.Objective.ToString("F4", CultureInfo.InvariantCulture),
                .. paths.Select(path => SearchParameter.Describe(record.Parameters.GetValueOrDefault(path))),
            ]);
        }
        return table;
    }
}
