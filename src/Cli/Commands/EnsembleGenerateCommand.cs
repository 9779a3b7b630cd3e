using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li ensemble generate</c>: continue a prompt with the ensemble's static mixture.</summary>
public static class EnsembleGenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var manifest = EnsembleCommand.ManifestOption();
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text to continue.", DefaultValueFactory = _ => GenerationDefaults.Prompt };
        var length = new Option<int>("--length", "-n") { Description = "Characters to generate.", DefaultValueFactory = _ => GenerationDefaults.Length };
        var topK = new Option<int>("--top-k", "-k") { Description = "Sample among the k most probable characters (1 = greedy).", DefaultValueFactory = _ => GenerationDefaults.TopK };
        var temperature = new Option<double>("--temperature") { Description = "Below 1 sharpens, above 1 flattens the distribution.", DefaultValueFactory = _ => GenerationDefaults.Temperature };
        var seed = new Option<int>("--seed") { Description = "Sampler seed: the same seed gives the same text.", DefaultValueFactory = _ => GenerationDefaults.Seed };
        var command = new Command("generate", "Generate text from a prompt with the ensemble's static mixture (union vocabulary, longest member window).");
        foreach (Option option in new Option[] { manifest, prompt, length, topK, temperature, seed })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var options = new GenerationOptions
            {
                Prompt = parse.GetValue(prompt)!,
                Length = parse.GetValue(length),
                TopK = parse.GetValue(topK),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            LoadedEnsemble ensemble = LoadedEnsemble.Load(mlContext, parse.GetValue(manifest)!);
            using var scorer = new EnsembleScorer(mlContext, ensemble);
            var check = PromptCheck.Inspect(scorer.Vocabulary, options.Prompt);
            check.ThrowIfUnusable(scorer.Vocabulary);
            console.Text(options.Prompt + new TextGenerator(scorer).Generate(options));
            return ExitCodes.Success;
        }));
        return command;
    }
}
