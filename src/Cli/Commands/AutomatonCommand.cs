using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li automaton</c>: apply a centered model to every position of a text, repeatedly (the language
/// cellular automaton), and print every step.</summary>
public static class AutomatonCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Centered model zip (train --window-kind centered), or its ONNX export.", Required = true };
        var text = new Option<string>("--text", "-t") { Description = "The text to rewrite (any length).", DefaultValueFactory = _ => "The monster awakes" };
        var defaults = new AutomatonOptions();
        var steps = new Option<int>("--steps", "-s") { Description = "How many times every position is rewritten.", DefaultValueFactory = _ => defaults.Steps };
        var topK = new Option<int>("--top-k", "-k") { Description = "Sample among the k most probable characters (1 = greedy).", DefaultValueFactory = _ => defaults.TopK };
        var temperature = new Option<double>("--temperature") { Description = "Below 1 sharpens, above 1 flattens the distribution.", DefaultValueFactory = _ => defaults.Temperature };
        var seed = new Option<int>("--seed") { Description = "Sampler seed: the same seed gives the same steps.", DefaultValueFactory = _ => defaults.Seed };
        var rewriteBelow = new Option<double>("--rewrite-below") { Description = "Rewrite a position only where the model gives its current character a probability below this (1 = every position).", DefaultValueFactory = _ => defaults.RewriteBelow };
        var command = new Command("automaton", "Rewrite a text with a centered model applied to every position at once, step after step (the ends read spaces).");
        var corruptionPrior = new Option<double?>("--corruption-prior") { Description = "Share of characters believed corrupted: keep a character unless another is a-posteriori the likelier original (repair mode); unset: rewrite by --rewrite-below alone." };
        foreach (Option option in new Option[] { model, text, steps, topK, temperature, seed, rewriteBelow, corruptionPrior })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            var options = new AutomatonOptions
            {
                Steps = parse.GetValue(steps),
                TopK = parse.GetValue(topK),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
                RewriteBelow = parse.GetValue(rewriteBelow),
                CorruptionPrior = parse.GetValue(corruptionPrior),
            };
            options.Validate();
            string input = parse.GetValue(text)!;
            string modelPath = parse.GetValue(model)!;
            (ICharacterScorer scorer, IDisposable owner) = OpenCenteredScorer(modelPath);
            using (owner)
            {
                IReadOnlyList<string> rewritten = new LanguageAutomaton(scorer).Run(input, options);
                console.Line($"step 0: {input}");
                for (int step = 0; step < rewritten.Count; step++)
                {
                    console.Line($"step {step + 1}: {rewritten[step]}");
                }
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static (ICharacterScorer Scorer, IDisposable Owner) OpenCenteredScorer(string modelPath)
    {
        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var onnx = OnnxLanguageModel.Load(modelPath);
            if (onnx.Description.WindowKind != WindowKind.Centered)
            {
                onnx.Dispose();
                throw new ArgumentException(NotCentered(modelPath));
            }
            return (onnx, onnx);
        }
        var mlContext = new MLContext(0);
        LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, modelPath);
        if (loaded.Card.WindowKind != WindowKind.Centered)
        {
            throw new ArgumentException(NotCentered(modelPath));
        }
        var engine = new PredictionEngineScorer(mlContext, loaded.Model, loaded.Card.VocabularyObject, loaded.Card.WindowSize);
        return (engine, engine);
    }

    private static string NotCentered(string modelPath) =>
        $"Model {modelPath} predicts the next character of sequence windows; the automaton needs a centered model (li train --window-kind centered), use li generate for this one.";
}
