using LanguageInterpolation.Trainers.Presets;
using System.CommandLine;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Search;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>--set key=value</c>: overrides any field of a network preset, as the original's <c>net.n=3</c> did.</summary>
public sealed class PresetOverrideOptions
{
    /// <summary>The assignments.</summary>
    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a preset field (repeatable): KEY=VALUE, KEY as in the preset JSON (`li presets show NAME`), e.g. "
            + "network.hidden_width=100, optimizer.kind=adam (training. may be left out). Options such as --epochs win over --set.",
        HelpName = "KEY=VALUE",
    };

    /// <summary>Adds the option to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Set);
    }

    /// <summary>The assignments given, in order.</summary>
    public IReadOnlyList<string> Read(ParseResult parse) => parse.GetValue(Set) ?? [];

    /// <summary>The preset a network trainer name stands for, with the <c>--set</c> overrides applied; null for LightGBM.</summary>
    /// <exception cref="ArgumentException">Unknown trainer, <c>--set</c> with LightGBM, or a bad assignment.</exception>
    public NetworkPreset? ResolvePreset(ParseResult parse, string trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        IReadOnlyList<string> assignments = Read(parse);
        if (string.Equals(trainer, TrainerRegistry.LightGbm, StringComparison.OrdinalIgnoreCase))
        {
            return assignments.Count == 0
                ? null
                : throw new ArgumentException("--set overrides fields of network presets; lightgbm takes --iterations, --leaves and --learning-rate.");
        }
        NetworkPreset preset = TrainerRegistry.FindPreset(trainer) ?? throw TrainerRegistry.UnknownTrainer(trainer);
        return Apply(parse, preset, PresetOverrides.CommandLine);
    }

    /// <summary><paramref name="preset"/> with the <c>--set</c> overrides applied under <paramref name="rules"/>.</summary>
    /// <exception cref="ArgumentException">A bad assignment; the message names it and, for an unknown key, the closest field.</exception>
    public NetworkPreset Apply(ParseResult parse, NetworkPreset preset, PresetFieldRules rules)
    {
        IReadOnlyList<string> assignments = Read(parse);
        if (assignments.Count == 0)
        {
            return preset;
        }
        try
        {
            return PresetOverrides.Apply(preset, PresetOverrides.ParseAssignments(preset, assignments), rules);
        }
        catch (ArgumentException error) when (!error.Message.StartsWith("--set", StringComparison.Ordinal))
        {
            throw new ArgumentException("--set " + error.Message, error);
        }
    }
}
