using LanguageInterpolation.Trainers.Presets;
using System.CommandLine;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>
/// <c>train --init-from model.zip</c>: continue training the network of a saved model (fine-tuning on
/// another book, or training on after <c>li refine</c>). The architecture and weights come from the zip,
/// and so do the vocabulary (the new text is encoded with it), the window size and kind: giving a
/// different <c>--window</c>, <c>--window-kind</c> or <c>--vocabulary</c> is an error. The training settings
/// come from <c>--trainer</c> when it is given (a preset or network type of the same network type), else from
/// the trainer that made the model.
/// </summary>
public sealed class InitFromOptions
{
    /// <summary>The option.</summary>
    public Option<string?> Model { get; } = new("--init-from")
    {
        Description = "Continue from the network of a saved model zip (fine-tuning, or training after refine): architecture, weights, vocabulary and window come from it; --trainer (default: the model's) gives the training settings.",
    };

    /// <summary>Adds the option to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Model);
    }

    /// <summary>The model to continue from, or null without <c>--init-from</c>.</summary>
    /// <exception cref="InvalidDataException">The zip has no network (LightGBM, or made by an older version).</exception>
    public Continuation? Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(Model) is string path ? new Continuation(path, LanguageModelFile.ReadCard(path), SavedNetwork.Load(path)) : null;
    }

    /// <summary>A saved model that training continues from.</summary>
    /// <param name="Path">The zip.</param>
    /// <param name="Card">Its card.</param>
    /// <param name="Network">Its network (the run trains a copy).</param>
    public sealed record Continuation(string Path, ModelCard Card, LanguageNetwork Network)
    {
        /// <summary>The model's vocabulary; an explicit <c>--vocabulary</c> must give the same one.</summary>
        public CharacterVocabulary Vocabulary(ParseResult parse, WindowCommandOptions windows, TextCorpus corpus)
        {
            ArgumentNullException.ThrowIfNull(parse);
            ArgumentNullException.ThrowIfNull(windows);
            CharacterVocabulary saved = Card.VocabularyObject;
            if (IsExplicit(parse, windows.Vocabulary) && windows.ReadVocabulary(parse, corpus) is var asked && !asked.Equals(saved))
            {
                throw new ArgumentException(
                    $"--vocabulary {parse.GetValue(windows.Vocabulary).ToString().ToLowerInvariant()} gives {asked.Count} characters, but {Path} was trained with a {saved.Kind.ToString().ToLowerInvariant()} vocabulary of {saved.Count}; leave --vocabulary out to encode the new text with the model's vocabulary.");
            }
            return saved;
        }

        /// <summary>The window options with the model's window size and kind; explicit different ones are errors.</summary>
        public CharacterWindowOptions Windows(ParseResult parse, WindowCommandOptions windows, CharacterWindowOptions options)
        {
            ArgumentNullException.ThrowIfNull(parse);
            ArgumentNullException.ThrowIfNull(windows);
            ArgumentNullException.ThrowIfNull(options);
            if (IsExplicit(parse, windows.WindowSize) && options.WindowSize != Card.WindowSize)
            {
                throw new ArgumentException($"--window {options.WindowSize} differs from the {Card.WindowSize}-character windows {Path} was trained on; leave --window out or pass --window {Card.WindowSize}.");
            }
            if (IsExplicit(parse, windows.Kind) && options.Kind != Card.WindowKind)
            {
                throw new ArgumentException($"--window-kind {options.Kind.ToString().ToLowerInvariant()} differs from the {Card.WindowKind.ToString().ToLowerInvariant()} windows {Path} was trained on.");
            }
            return options with { WindowSize = Card.WindowSize, Kind = Card.WindowKind };
        }

        /// <summary>The trainer name: <c>--trainer</c> when given, else the one recorded in the model's card
        /// (or its network type when that name is no longer known).</summary>
        public string TrainerName(ParseResult parse, Option<string> trainer)
        {
            ArgumentNullException.ThrowIfNull(parse);
            if (IsExplicit(parse, trainer))
            {
                return parse.GetValue(trainer)!;
            }
            return TrainerRegistry.FindPreset(Card.Trainer) is null ? Network.Config.NetworkType : Card.Trainer;
        }

        /// <summary>The preset to train with: <paramref name="trainerName"/>'s training settings on the saved architecture.</summary>
        /// <exception cref="ArgumentException">The trainer is not a network trainer, or trains another network type.</exception>
        public NetworkPreset Preset(string trainerName)
        {
            NetworkPreset preset = TrainerRegistry.FindPreset(trainerName)
                ?? throw new ArgumentException($"--trainer {trainerName} is not a network trainer; --init-from continues the {Network.Config.NetworkType} network of {Path} (leave --trainer out to use the model's own settings).");
            if (preset.Network.NetworkType != Network.Config.NetworkType)
            {
                throw new ArgumentException($"--trainer {trainerName} trains a {preset.Network.NetworkType} network, but {Path} holds a {Network.Config.NetworkType}; leave --trainer out or choose a preset of the same network type.");
            }
            return preset with { Network = Network.Config };
        }

        /// <summary>Trains a copy of the network with the preset's settings and records where it started in the card.</summary>
        public TrainingRunResult Train(MLContext mlContext, string trainerName, NetworkPreset preset, CharacterWindowData data, TrainerSettings settings, Action<string>? log)
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(settings);
            TrainerSettings continued = settings with { Validation = settings.Validation ?? data.Validation, InitialNetwork = Network };
            log?.Invoke($"Continuing from {Path} ({Network.Config.NetworkType}, {Network.ParameterCount:N0} parameters).");
            TrainingRunResult result = TrainingRun.Run(mlContext, trainerName, TrainerRegistry.CreatePipeline(mlContext, preset, data, continued), data, continued, log);
            result.Card.Training["init_from"] = System.IO.Path.GetFileName(Path);
            return result;
        }

        private static bool IsExplicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
    }
}
