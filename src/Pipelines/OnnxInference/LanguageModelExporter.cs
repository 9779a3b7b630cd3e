using System.Text.Json;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// The one entry point for writing a deployable ONNX file (the <see cref="OnnxInputForm.CharacterIds"/>
/// contract) from anything <see cref="TrainerRegistry"/> produces: it picks the exporter from what the
/// pipeline holds: a <see cref="NetworkModel"/> (<see cref="NetworkOnnxExporter"/>), ML.NET's multiclass
/// predictor such as the LightGBM baseline (<see cref="LightGbmOnnxExporter"/>), or a network scoring
/// graph without its TorchSharp network, as in a loaded model zip (<see cref="RowGraphOnnxExporter"/>).
/// Files are written atomically, the model with its JSON description (<see cref="OnnxSidecarFile"/>); a pipeline that cannot be exported fails before any file exists.
/// A network that decodes incrementally (<see cref="IIncrementalNetwork"/>: the transformers' key/value cache) also
/// gets its decoding-step graph, <c>model.step.onnx</c> next to <c>model.onnx</c>
/// (<see cref="DecodingStepContract.StepPathFor"/>), which <c>li generate</c> uses to read one character per step.
/// </summary>
public static class LanguageModelExporter
{
    /// <summary>Exports a fitted pipeline and writes it to <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">No exporter handles the pipeline; the message names its parts.</exception>
    public static void Export(ITransformer fittedPipeline, ModelCard card, string path)
    {
        ModelProto model = ToOnnx(fittedPipeline, card);
        Write(model, path, TrainingRun.FindNetworkModel(fittedPipeline) is NetworkModel network ? StepGraph(network.Network, card) : null);
    }

    /// <summary>Exports a trained network and writes it to <paramref name="path"/>.</summary>
    public static void Export(NetworkModel network, ModelCard card, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(card);
        Write(ToOnnx(network, card), path, StepGraph(network.Network, card));
    }

    /// <summary>Exports a model zip written by <see cref="LanguageModelFile"/> to <paramref name="onnxPath"/>, with the
    /// decoding-step graph of its network next to it when it has one.</summary>
    public static void ExportModelFile(string modelPath, string onnxPath)
    {
        LoadedLanguageModel loaded = LanguageModelFile.Load(new MLContext(seed: 0), modelPath);
        ModelProto model = ToOnnx(loaded.Model, loaded.Card);
        ModelProto? step = null;
        if (SavedNetwork.Exists(modelPath))
        {
            using LanguageNetwork network = SavedNetwork.Load(modelPath);
            step = StepGraph(network, loaded.Card);   // the card read with the model, not a third time
        }
        Write(model, onnxPath, step);
    }

    /// <summary>The decoding-step graph of an incremental network (<see cref="IIncrementalNetwork.ExportStep"/>) with
    /// the model's vocabulary and window in its metadata; null for other networks.</summary>
    public static ModelProto? StepGraph(LanguageNetwork network, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(card);
        if (network is not IIncrementalNetwork { CanDecodeIncrementally: true } incremental)
        {
            return null;
        }
        Dictionary<string, string> metadata = Metadata(card, TrainingJson(card));
        metadata[OnnxNames.WindowSizeKey] = card.WindowSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        VocabularyMetadata.Add(metadata, card.VocabularyObject);
        return incremental.ExportStep(metadata);
    }

    /// <summary>The ONNX model of a model zip written by <see cref="LanguageModelFile"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a model zip of this project.</exception>
    public static ModelProto FromModelFile(string modelPath)
    {
        LoadedLanguageModel loaded = LanguageModelFile.Load(new MLContext(seed: 0), modelPath);
        return ToOnnx(loaded.Model, loaded.Card);
    }

    /// <summary>The ONNX model of a fitted pipeline, in memory.</summary>
    /// <exception cref="NotSupportedException">No exporter handles the pipeline; the message names its parts.</exception>
    public static ModelProto ToOnnx(ITransformer fittedPipeline, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(fittedPipeline);
        ArgumentNullException.ThrowIfNull(card);
        if (TrainingRun.FindNetworkModel(fittedPipeline) is NetworkModel network)
        {
            return ToOnnx(network, card);
        }
        CharacterVocabulary vocabulary = card.VocabularyObject;
        FeaturizedPipeline parts = FeaturizedPipeline.Split(fittedPipeline, card.WindowSize);
        var metadata = Metadata(card, TrainingJson(card));
        if (parts.ScoringLeaves().Any(LightGbmOnnxExporter.IsMulticlassPredictor))
        {
            return LightGbmOnnxExporter.Export(fittedPipeline, vocabulary, card.WindowSize, metadata);
        }
        if (RowGraphOnnxExporter.HasRowGraph(parts))
        {
            if (card.Network is not null)
            {
                metadata[OnnxNames.NetworkKey] = card.Network;
            }
            return RowGraphOnnxExporter.Export(fittedPipeline, vocabulary, card.WindowSize, metadata);
        }
        throw new NotSupportedException(
            $"No ONNX exporter for the pipeline {FeaturizedPipeline.Describe(fittedPipeline)} (trainer '{card.Trainer}'): expected a network model, ML.NET's multiclass predictor (LightGBM) or a network scoring graph after the featurizer.");
    }

    /// <summary>The ONNX model of a trained network, in memory.</summary>
    public static ModelProto ToOnnx(NetworkModel network, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(card);
        CharacterVocabulary vocabulary = card.VocabularyObject;
        if (network.Vocabulary is not null && !network.Vocabulary.Equals(vocabulary))
        {
            throw new ArgumentException("The model card's vocabulary differs from the one the network was trained with.", nameof(card));
        }
        if (network.Config.WindowSize != card.WindowSize)
        {
            throw new ArgumentException($"The model card says window size {card.WindowSize} but the network reads {network.Config.WindowSize} characters.", nameof(card));
        }
        return NetworkOnnxExporter.Export(network.Network, OnnxInputForm.CharacterIds, vocabulary,
            Metadata(card, TrainingSummary.ToJson(network.History)));
    }

    // The step graph (if any), the model, then its JSON description next to it (OnnxSidecarFile), each written
    // atomically; a stale step graph from an earlier export of another model is removed.
    private static void Write(ModelProto model, string path, ModelProto? step = null)
    {
        string json = OnnxSidecarFile.Build(model, Path.GetFileName(path));
        string stepPath = DecodingStepContract.StepPathFor(path);
        if (step is not null)
        {
            OnnxModelFile.Write(step, stepPath);
        }
        else if (File.Exists(stepPath))
        {
            File.Delete(stepPath);
        }
        OnnxModelFile.Write(model, path);
        AtomicFile.WriteAllText(OnnxSidecarFile.PathFor(path), json);
    }

    private static Dictionary<string, string> Metadata(ModelCard card, string training) => new(StringComparer.Ordinal)
    {
        [OnnxNames.WindowKindKey] = card.WindowKind.ToString(),
        [OnnxNames.TrainingKey] = training,
    };

    private static string TrainingJson(ModelCard card) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(card.Training, StringComparer.Ordinal) { ["trainer"] = card.Trainer });
}
