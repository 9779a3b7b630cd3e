using LanguageInterpolation.Trainers.Presets;
using System.CommandLine;
using System.Globalization;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Spectre.Console;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li presets</c>: the shipped presets with their sizes; <c>li presets show NAME</c>: one preset's full JSON.</summary>
public static class PresetsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var command = new Command("presets", string.Create(CultureInfo.InvariantCulture,
            $"List the shipped presets: name, network type, parameters (ASCII vocabulary of {CharacterVocabulary.Ascii.Count} characters, window {WindowDefaults.WindowSize}) and description."));
        command.SetAction(_ => CommandRunner.Run(console, () =>
        {
            console.Out.Write(Table());
            console.Line("Show one with `li presets show NAME`; override its fields with `li train --trainer NAME --set KEY=VALUE`.");
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(CreateShow(console));
        return command;
    }

    /// <summary>One row per shipped preset.</summary>
    public static Table Table()
    {
        var table = new Table().AddColumns("preset", "network", "parameters", "description");
        foreach (string name in NetworkPresets.Names)
        {
            NetworkPreset preset = NetworkPresets.Load(name);
            table.AddRow(
                Markup.Escape(name),
                Markup.Escape(preset.Network.NetworkType),
                ParameterCount(preset).ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(preset.Description));
        }
        return table;
    }

    /// <summary>Learnable parameters of the preset's network for the default window and the ASCII vocabulary.</summary>
    public static long ParameterCount(NetworkPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return preset.Network.WithShape(WindowDefaults.WindowSize, CharacterVocabulary.Ascii.Count).ParameterCount();
    }

    private static Command CreateShow(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Preset name, network type or preset file (.json)." };
        var overrides = new PresetOverrideOptions();
        var show = new Command("show", "Print a preset's full JSON, every field and default included (the keys --set takes); with --set, the preset after the overrides.") { name };
        overrides.AddTo(show);
        show.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string trainer = parse.GetValue(name)!;
            NetworkPreset preset = overrides.ResolvePreset(parse, trainer)
                ?? throw new ArgumentException($"{TrainerRegistry.LightGbm} is not a preset; its settings are the options of `li train` (--iterations, --leaves, --learning-rate).");
            console.Output.WriteLine(EffectiveConfiguration.ToJson(preset).ToJsonString(EffectiveConfiguration.Indented));
            return ExitCodes.Success;
        }));
        return show;
    }
}
