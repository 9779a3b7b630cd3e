using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Pipelines.Comparison;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>The options of <c>li compare</c> that the other commands do not have.</summary>
public sealed class CompareCommandOptions
{
    /// <summary>Default output folder.</summary>
    public const string DefaultOutputDirectory = "comparison";

    /// <summary>The trainers to compare.</summary>
    public Option<string[]> Trainers { get; } = new("--trainers", "-t")
    {
        Description = "Comma-separated trainers, preset names or preset files (.json), in order: " + string.Join(", ", TrainerRegistry.Names) + ".",
        DefaultValueFactory = _ => [string.Join(',', ComparisonDefaults.Trainers)],
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Where the tables and charts go.</summary>
    public Option<string> OutputDirectory { get; } = new("--output-dir", "-o")
    {
        Description = "Folder for comparison.md, comparison.csv and the PNG charts.",
        DefaultValueFactory = _ => DefaultOutputDirectory,
    };

    /// <summary>Rows scored to time inference.</summary>
    public Option<int> InferenceRows { get; } = new("--inference-rows")
    {
        Description = "Held-out rows scored to measure inference rows per second.",
        DefaultValueFactory = _ => ComparisonDefaults.InferenceRows,
    };

    /// <summary>Training windows evaluated for the train figures.</summary>
    public Option<long?> TrainEvaluationRows { get; } = new("--train-evaluation-rows")
    {
        Description = "Training windows (the first ones) evaluated for the train accuracy and bits per character; 0 evaluates them all.",
        DefaultValueFactory = _ => ComparisonDefaults.TrainEvaluationRows,
    };

    /// <summary>LightGBM's learning rate (shrinkage) only; the networks keep their presets' rates.</summary>
    public Option<double?> LightGbmLearningRate { get; } = new("--lightgbm-learning-rate")
    {
        Description = string.Create(CultureInfo.InvariantCulture,
            $"LightGBM's learning rate (shrinkage), for the lightgbm entry only (default {new LightGbmBaselineOptions().LearningRate}); the networks keep their presets' rates."),
    };

    /// <summary>A reference line on the learning curves.</summary>
    public Option<double?> ReferenceBitsPerCharacter { get; } = new("--reference-bpc")
    {
        Description = "Draw a reference line at this many bits per character on the learning curves (e.g. 2.71, nanoGPT's CPU model on tinyshakespeare).",
    };

    /// <summary>The legend of the reference line.</summary>
    public Option<string> ReferenceLabel { get; } = new("--reference-label")
    {
        Description = "Legend of the reference line.",
        DefaultValueFactory = _ => "reference",
    };

    /// <summary>Sample prompt.</summary>
    public Option<string> Prompt { get; } = new("--prompt", "-p") { Description = "Prompt of every model's sample.", DefaultValueFactory = _ => GenerationDefaults.Prompt };

    /// <summary>Sample length.</summary>
    public Option<int> Length { get; } = new("--length", "-n") { Description = "Characters of every model's sample.", DefaultValueFactory = _ => GenerationDefaults.Length };

    /// <summary>Sample top-k.</summary>
    public Option<int> TopK { get; } = new("--top-k", "-k") { Description = "Sample among the k most probable characters (1 = greedy); the sampler seed is --seed.", DefaultValueFactory = _ => GenerationDefaults.TopK };

    /// <summary>Sample temperature.</summary>
    public Option<double> Temperature { get; } = new("--temperature") { Description = "Below 1 sharpens, above 1 flattens the sample's distribution.", DefaultValueFactory = _ => GenerationDefaults.Temperature };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Trainers, OutputDirectory, InferenceRows, TrainEvaluationRows, LightGbmLearningRate, ReferenceBitsPerCharacter, ReferenceLabel, Prompt, Length, TopK, Temperature })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The trainer names, split on commas, blanks dropped.</summary>
    /// <exception cref="ArgumentException">No trainer named.</exception>
    public IReadOnlyList<string> ReadTrainers(ParseResult parse)
    {
        string[] names = [.. (parse.GetValue(Trainers) ?? [])
            .SelectMany(token => token.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        return names.Length > 0 ? names : throw new ArgumentException("--trainers names no trainer.");
    }

    /// <summary>The entries for the named trainers, with the LightGBM-only settings applied to the lightgbm entry.</summary>
    public IReadOnlyList<ComparisonEntry> ReadEntries(ParseResult parse)
    {
        double? lightGbmRate = parse.GetValue(LightGbmLearningRate);
        return [.. ComparisonEntry.Named(ReadTrainers(parse)).Select(entry =>
            lightGbmRate is double rate && string.Equals(entry.Name, TrainerRegistry.LightGbm, StringComparison.OrdinalIgnoreCase)
                ? entry with { ConfigureSettings = settings => settings with { LearningRate = rate } }
                : entry)];
    }

    /// <summary>The sample's generation options.</summary>
    public GenerationOptions ReadGeneration(ParseResult parse, int seed) => new()
    {
        Prompt = parse.GetValue(Prompt)!,
        Length = parse.GetValue(Length),
        TopK = parse.GetValue(TopK),
        Temperature = parse.GetValue(Temperature),
        Seed = seed,
    };
}
