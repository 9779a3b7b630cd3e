using System.CommandLine;
using System.Diagnostics;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li generate</c>: continue a prompt with a saved model.</summary>
public static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model zip written by train, or an ONNX file written by export.", DefaultValueFactory = _ => TrainCommand.DefaultOutput };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text to continue.", DefaultValueFactory = _ => GenerationDefaults.Prompt };
        var length = new Option<int>("--length", "-n") { Description = "Characters to generate.", DefaultValueFactory = _ => GenerationDefaults.Length };
        var topK = new Option<int>("--top-k", "-k") { Description = "Sample among the k most probable characters (1 = greedy).", DefaultValueFactory = _ => GenerationDefaults.TopK };
        var temperature = new Option<double>("--temperature") { Description = "Below 1 sharpens, above 1 flattens the distribution.", DefaultValueFactory = _ => GenerationDefaults.Temperature };
        var seed = new Option<int>("--seed") { Description = "Sampler seed: the same seed gives the same text.", DefaultValueFactory = _ => GenerationDefaults.Seed };
        var command = new Command("generate", "Generate text from a prompt with a saved model.");
        foreach (Option option in new Option[] { model, prompt, length, topK, temperature, seed })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            string modelPath = parse.GetValue(model)!;
            var options = new GenerationOptions
            {
                Prompt = parse.GetValue(prompt)!,
                Length = parse.GetValue(length),
                TopK = parse.GetValue(topK),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            using OpenedScorer scorer = OpenScorer(modelPath);
            var check = PromptCheck.Inspect(scorer.Scorer.Vocabulary, options.Prompt);
            check.ThrowIfUnusable(scorer.Scorer.Vocabulary);
            if (check.Warning(scorer.Scorer.Vocabulary) is string warning)
            {
                console.Error.WriteLine(warning);
            }
            var clock = Stopwatch.StartNew();
            string text = new TextGenerator(scorer.Scorer).Generate(options);
            clock.Stop();
            console.Text(options.Prompt + text);
            console.Error.WriteLine($"{options.Length} characters in {clock.Elapsed.TotalSeconds:F2} s ({options.Length / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F0} characters/s).");
            return ExitCodes.Success;
        }));
        return command;
    }

    // An ONNX file is scored by ONNX Runtime directly (the fastest path); a model zip through ML.NET.
    private static OpenedScorer OpenScorer(string modelPath)
    {
        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var onnx = OnnxLanguageModel.Load(modelPath);
            RequireSequence(onnx.Description.WindowKind, modelPath);
            return new OpenedScorer(onnx, onnx);
        }
        var mlContext = new MLContext(0);
        LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, modelPath);
        RequireSequence(loaded.Card.WindowKind, modelPath);
        var engine = new PredictionEngineScorer(mlContext, loaded.Model, loaded.Card.VocabularyObject, loaded.Card.WindowSize);
        return new OpenedScorer(engine, engine);
    }

    private static void RequireSequence(WindowKind kind, string modelPath)
    {
        if (kind != WindowKind.Sequence)
        {
            throw new ArgumentException($"Model {modelPath} predicts the middle character of centered windows; only sequence models generate text (rewrite a text with it: li automaton --model {modelPath} --text \"...\").");
        }
    }

    private sealed record OpenedScorer(ICharacterScorer Scorer, IDisposable Owner) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }
}
