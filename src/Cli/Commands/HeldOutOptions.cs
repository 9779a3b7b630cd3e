using System.CommandLine;
using LanguageInterpolation.Pipelines.Ensembles;

namespace LanguageInterpolation.Cli.Commands;

/// <summary>The held-out text options of <c>li ensemble create</c> (as the members were trained with <c>li train</c>).</summary>
public sealed class HeldOutOptions
{
    private readonly Option<double> _validationFraction = new("--validation-fraction") { Description = "Share of every book the members held out for validation (the mixing is fitted on it).", DefaultValueFactory = _ => EnsembleDefaults.ValidationFraction };
    private readonly Option<double> _testFraction = new("--test-fraction") { Description = "Share of every book the members held out for the test (evaluate measures on it).", DefaultValueFactory = _ => EnsembleDefaults.TestFraction };
    private readonly Option<int?> _maxCharacters = new("--max-chars") { Description = "The members were trained on the first N characters of every book (li train --max-chars)." };
    private readonly Option<int> _maxBlockCharacters = new("--max-block-chars") { Description = "Score at most this many characters of every held-out block.", DefaultValueFactory = _ => EnsembleDefaults.MaxBlockCharacters };

    /// <summary>Adds the options.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_validationFraction);
        command.Options.Add(_testFraction);
        command.Options.Add(_maxCharacters);
        command.Options.Add(_maxBlockCharacters);
    }

    /// <summary>Reads the options.</summary>
    public HeldOutText Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new HeldOutText
        {
            ValidationFraction = parse.GetValue(_validationFraction),
            TestFraction = parse.GetValue(_testFraction),
            MaxCharacters = parse.GetValue(_maxCharacters),
            MaxBlockCharacters = parse.GetValue(_maxBlockCharacters),
        };
    }
}
