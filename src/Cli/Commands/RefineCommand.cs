using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Trainers.Refinement;
using LanguageInterpolation.Transforms.Mappings;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li refine</c>: p- or h-refine a saved network model (same predictions, more resolution), to continue training with <c>li train --init-from</c>.</summary>
public static class RefineCommand
{
    /// <summary>Default output path.</summary>
    public const string DefaultOutput = "refined.zip";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model zip written by train (a network model).", DefaultValueFactory = _ => TrainCommand.DefaultOutput };
        var nodes = new Option<int?>("--n") { Description = "p-refinement: nodes per segment of every high-order layer (at least the current n)." };
        var segments = new Option<int?>("--segments") { Description = "h-refinement: segments of the hidden and output high-order layers (a multiple of the current count)." };
        var inputSegments = new Option<int?>("--input-segments") { Description = "h-refinement of the input layer (a multiple of the current count)." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the refined model zip.", DefaultValueFactory = _ => DefaultOutput };
        var command = new Command("refine", "Refine a saved network model (raise n or split segments; the model's predictions are unchanged) and save it; continue training it with train --init-from.");
        foreach (Option option in new Option[] { model, nodes, segments, inputSegments, output })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var options = new RefinementOptions { Nodes = parse.GetValue(nodes), Segments = parse.GetValue(segments), InputSegments = parse.GetValue(inputSegments) };
            if (options.IsEmpty)
            {
                throw new ArgumentException("Nothing to refine: give --n, --segments or --input-segments.");
            }
            string modelPath = parse.GetValue(model)!;
            string outputPath = parse.GetValue(output)!;
            var mlContext = new MLContext(0).RegisterLanguageInterpolation();
            RefinementResult result = ModelRefinement.Refine(mlContext, modelPath, options, outputPath);
            console.Line($"Refined {modelPath} ({result.Original.NetworkType}, {result.OriginalParameters:N0} parameters) with {ModelRefinement.Describe(options)}: {result.RefinedParameters:N0} parameters.");
            console.Line($"Refined model written to {outputPath}; continue training with: li train --init-from {outputPath} ...");
            return ExitCodes.Success;
        }));
        return command;
    }
}
