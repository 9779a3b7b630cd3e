using System.CommandLine;
using System.Diagnostics;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.Networks;
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
        var noCache = new Option<bool>("--no-cache") { Description = "Recompute the whole window for every character, even for a model that decodes incrementally (a transformer's key/value cache): the ML.NET / window-graph path." };
        var command = new Command("generate", "Generate text from a prompt with a saved model.");
        foreach (Option option in new Option[] { model, prompt, length, topK, temperature, seed, noCache })
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
            using OpenedScorer scorer = OpenScorer(modelPath, incremental: !parse.GetValue(noCache));
            var check = PromptCheck.Inspect(scorer.Scorer.Vocabulary, options.Prompt);
            check.ThrowIfUnusable(scorer.Scorer.Vocabulary);
            if (check.Warning(scorer.Scorer.Vocabulary) is string warning)
            {
                console.Error.WriteLine(warning);
            }
            if (check.ContextNotice(scorer.Scorer.WindowSize) is string notice)
            {
                console.Error.WriteLine(notice);
            }
            console.Error.WriteLine($"decoding: {scorer.Decoding}");
            var clock = Stopwatch.StartNew();
            string text = new TextGenerator(scorer.Scorer).Generate(options);
            clock.Stop();
            console.Text(options.Prompt + text);
            console.Error.WriteLine($"{options.Length} characters in {clock.Elapsed.TotalSeconds:F2} s ({options.Length / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F0} characters/s).");
            return ExitCodes.Success;
        }));
        return command;
    }

    // An ONNX file is scored by ONNX Runtime directly (the fastest path), through its decoding-step graph when
    // export wrote one; a model zip through its network's incremental decoding when it has one, else ML.NET.
    private static OpenedScorer OpenScorer(string modelPath, bool incremental)
    {
        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var onnx = OnnxLanguageModel.Load(modelPath);
            RequireSequence(onnx.Description.WindowKind, modelPath);
            string stepPath = DecodingStepContract.StepPathFor(modelPath);
            if (incremental && File.Exists(stepPath))
            {
                using (onnx)
                {
                    var step = OnnxCachedScorer.Load(stepPath);
                    if (!step.Vocabulary.Equals(onnx.Vocabulary) || step.WindowSize != onnx.WindowSize)
                    {
                        step.Dispose();
                        throw new InvalidDataException($"{stepPath} does not belong to {modelPath} (another vocabulary or window size): export the model again.");
                    }
                    return new OpenedScorer(step, step, $"one step per character through {Path.GetFileName(stepPath)}");
                }
            }
            return new OpenedScorer(onnx, onnx, $"the whole {onnx.WindowSize}-character window per character through {Path.GetFileName(modelPath)}");
        }
        var mlContext = new MLContext(0);
        LoadedLanguageModel loaded = LanguageModelFile.Load(mlContext, modelPath);
        RequireSequence(loaded.Card.WindowKind, modelPath);
        if (incremental && SavedNetwork.Exists(modelPath))
        {
            LanguageNetwork network = SavedNetwork.Load(modelPath);
            if (network is IIncrementalNetwork { CanDecodeIncrementally: true })
            {
                var cached = new CachedTorchScorer(network, loaded.Card.VocabularyObject);
                return new OpenedScorer(cached, new Owners(cached, network), $"one step per character with the {network.Config.NetworkType}'s state");
            }
            network.Dispose();
        }
        var engine = new PredictionEngineScorer(mlContext, loaded.Model, loaded.Card.VocabularyObject, loaded.Card.WindowSize);
        return new OpenedScorer(engine, engine, $"the whole {loaded.Card.WindowSize}-character window per character through ML.NET");
    }

    private static void RequireSequence(WindowKind kind, string modelPath)
    {
        if (kind != WindowKind.Sequence)
        {
            throw new ArgumentException($"Model {modelPath} predicts the middle character of centered windows; only sequence models generate text (rewrite a text with it: li automaton --model {modelPath} --text \"...\").");
        }
    }

    private sealed record OpenedScorer(ICharacterScorer Scorer, IDisposable Owner, string Decoding) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    private sealed class Owners(params IDisposable[] owned) : IDisposable
    {
        public void Dispose()
        {
            foreach (IDisposable item in owned)
            {
                item.Dispose();
            }
        }
    }
}
