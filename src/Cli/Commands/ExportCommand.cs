using System.CommandLine;
using LanguageInterpolation.Cli.Infrastructure;
using LanguageInterpolation.Pipelines.OnnxInference;

namespace LanguageInterpolation.Cli.Commands;

/// <summary><c>li export</c>: a saved model as a deployable ONNX file (character ids in, probabilities out).</summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model zip written by train.", DefaultValueFactory = _ => TrainCommand.DefaultOutput };
        var output = new Option<string?>("--output", "-o") { Description = "ONNX file to write. Default: the model's name with .onnx." };
        var command = new Command("export", "Export a saved model (LightGBM or network) to ONNX: input CharacterIds int64 [batch, N], outputs Score and PredictedLabel, vocabulary in the metadata; the same contract as JSON in FILE.onnx.json.");
        command.Options.Add(model);
        command.Options.Add(output);
        command.SetAction((parse, cancellation) => CommandRunner.RunAsync(console, () =>
        {
            string modelPath = parse.GetValue(model)!;
            string onnxPath = parse.GetValue(output) ?? Path.ChangeExtension(modelPath, ".onnx");
            OutputLocation.RequireWritableFile(onnxPath, "--output");
            LanguageModelExporter.ExportModelFile(modelPath, onnxPath);
            using OnnxLanguageModel exported = OnnxLanguageModel.Load(onnxPath);
            console.Line($"Exported {modelPath} to {onnxPath}, described in {OnnxSidecarFile.PathFor(onnxPath)} (window {exported.WindowSize}, {exported.Vocabulary.Count} classes, runs on {exported.ExecutionProvider}).");
            return ExitCodes.Success;
        }));
        return command;
    }
}
