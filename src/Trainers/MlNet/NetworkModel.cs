using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Onnx;
using LanguageInterpolation.Transforms.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// A trained network as an ML.NET transformer: it adds <c>Score</c> (class probabilities) and
/// <c>PredictedLabel</c> (key over the vocabulary) to rows with <c>Features</c>, through the network's
/// ONNX graph. It also holds the TorchSharp network (for refinement, fast generation and export), the
/// vocabulary when the label column named its classes, and the training history.
/// </summary>
/// <remarks>
/// <c>mlContext.Model.Save</c> stores the scoring chain (the ONNX bytes included); <c>Model.Load</c> gives
/// that chain back as a plain ML.NET transformer, which predicts exactly what this one did. The TorchSharp
/// weights are not part of ML.NET's entries: <c>LanguageModelFile.Save</c> adds them (with the configuration)
/// as an extra entry of the zip, which <c>SavedNetwork.Load</c> reads back; the history is not kept.
/// </remarks>
public sealed class NetworkModel : ITransformer
{
    private readonly ITransformer _scoring;

    private NetworkModel(ITransformer scoring, LanguageNetwork network, CharacterVocabulary? vocabulary, TrainingHistory history)
    {
        _scoring = scoring;
        Network = network;
        Vocabulary = vocabulary;
        History = history;
    }

    /// <summary>The trained network (on the CPU, in evaluation mode).</summary>
    public LanguageNetwork Network { get; }

    /// <summary>The network's architecture.</summary>
    public NetworkConfig Config => Network.Config;

    /// <summary>The vocabulary, when the training labels named their characters (the character-window loader does).</summary>
    public CharacterVocabulary? Vocabulary { get; }

    /// <summary>What happened in every epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>Learnable parameters.</summary>
    public long ParameterCount => Network.ParameterCount;

    /// <inheritdoc />
    public bool IsRowToRowMapper => _scoring.IsRowToRowMapper;

    /// <summary>Builds the model around a trained network: exports the scoring graph and fits the scoring chain.</summary>
    internal static NetworkModel Create(LanguageNetwork network, CharacterVocabulary? vocabulary, TrainingHistory history, string featureColumn, IDataView trainData)
    {
        ModelProto graph = NetworkOnnxExporter.Export(network, OnnxInputForm.FeaturesRow, vocabulary);
        OnnxGraphEdits.RenameValue(graph.Graph, OnnxNames.Features, featureColumn);
        var mlContext = new MLContext().RegisterLanguageInterpolation();
        ITransformer scoring = NetworkScoring.Create(mlContext, OnnxModelFile.ToBytes(graph), featureColumn, network.Config.OutputWidth).Fit(trainData);
        return new NetworkModel(scoring, network, vocabulary, history);
    }

    /// <summary>A model around a network that was trained elsewhere (refined, or read from a model zip), with an
    /// empty history. <paramref name="rows"/> gives the schema of the featurized rows (no row is read).</summary>
    public static NetworkModel FromNetwork(LanguageNetwork network, CharacterVocabulary? vocabulary, IDataView rows, string featureColumn = CharacterWindowColumns.Features) =>
        Create(network, vocabulary, new TrainingHistory { Epochs = [], BestEpoch = 0, StopReason = StopReason.MaxEpochs }, featureColumn, rows);

    /// <summary>Writes the network as a deployable ONNX file (atomically).</summary>
    /// <param name="path">Target file.</param>
    /// <param name="form">Input form; <see cref="OnnxInputForm.CharacterIds"/> (the default) needs <see cref="Vocabulary"/>.</param>
    /// <param name="windowKind">Recorded in the metadata.</param>
    /// <param name="metadata">Further metadata properties.</param>
    public void ExportOnnx(string path, OnnxInputForm form = OnnxInputForm.CharacterIds, WindowKind windowKind = WindowKind.Sequence,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var properties = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [OnnxNames.WindowKindKey] = windowKind.ToString(),
            [OnnxNames.TrainingKey] = TrainingSummary.ToJson(History),
        };
        OnnxModelFile.Write(NetworkOnnxExporter.Export(Network, form, Vocabulary, properties), path);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scoring.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scoring.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _scoring.Transform(input);

    /// <summary>Saves the scoring chain (ONNX bytes included); loading gives an equivalent ML.NET transformer.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _scoring.Save(ctx);
}
