using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// A trained network as an ML.NET prediction transformer: it adds <c>Score</c> (class probabilities) and
/// <c>PredictedLabel</c> (key over the vocabulary) to rows with the window's character ids
/// (<see cref="FeatureColumnName"/>, <c>CharacterIds</c> by default), through the network's ONNX graph. Its
/// <see cref="Model"/> holds the TorchSharp network (for refinement, fast generation and export), the
/// vocabulary and the training history.
/// </summary>
/// <remarks>
/// <c>mlContext.Model.Save</c> stores the scoring chain (the ONNX bytes included); <c>Model.Load</c> gives
/// that chain back as a plain ML.NET transformer, which predicts exactly what this one did. ML.NET's
/// permutation feature importance needs a Single feature column: train on the ids as Single
/// (<c>mlContext.Transforms.Conversion.ConvertType</c>) to use it; each slot is a context position.
/// The TorchSharp weights are not part of ML.NET's entries: <c>LanguageModelFile.Save</c> adds them (with
/// the configuration) as an extra entry of the zip, which <c>SavedNetwork.Load</c> reads back; the history is
/// not kept.
/// </remarks>
public sealed class NetworkModel : ISingleFeaturePredictionTransformer<NetworkModelParameters>
{
    private readonly ITransformer _scoring;

    private NetworkModel(ITransformer scoring, NetworkModelParameters parameters, string featureColumn, DataViewType featureType)
    {
        _scoring = scoring;
        Model = parameters;
        FeatureColumnName = featureColumn;
        FeatureColumnType = featureType;
    }

    /// <summary>The learned network, its configuration, weights, vocabulary and history.</summary>
    public NetworkModelParameters Model { get; }

    /// <summary>The column of character ids the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Its type: a known-size vector of Int64 (or Single) ids.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>The trained network (on the CPU, in evaluation mode).</summary>
    public LanguageNetwork Network => Model.Network;

    /// <summary>The network's architecture.</summary>
    public NetworkConfig Config => Model.Config;

    /// <summary>The vocabulary, when the training labels named their characters (the character-window loader does).</summary>
    public CharacterVocabulary? Vocabulary => Model.Vocabulary;

    /// <summary>What happened in every epoch.</summary>
    public TrainingHistory History => Model.History;

    /// <summary>Learnable parameters.</summary>
    public long ParameterCount => Model.ParameterCount;

    /// <inheritdoc />
    public bool IsRowToRowMapper => _scoring.IsRowToRowMapper;

    /// <summary>Builds the model around a trained network: exports the scoring graph and fits the scoring chain in <paramref name="mlContext"/>.</summary>
    internal static NetworkModel Create(MLContext mlContext, LanguageNetwork network, CharacterVocabulary? vocabulary, TrainingHistory history, string featureColumn, IDataView trainData)
    {
        DataViewType featureType = trainData.Schema[featureColumn].Type;
        OnnxInputForm form = (featureType as VectorDataViewType)?.ItemType == NumberDataViewType.Single ? OnnxInputForm.CharacterIdValuesRow : OnnxInputForm.CharacterIdsRow;
        ModelProto graph = NetworkOnnxExporter.Export(network, form, vocabulary);
        if (featureColumn != OnnxNames.CharacterIds)
        {
            OnnxGraphEdits.RenameValue(graph.Graph, OnnxNames.CharacterIds, featureColumn);
        }
        ITransformer scoring = NetworkScoring.Create(mlContext.RegisterLanguageInterpolation(), OnnxModelFile.ToBytes(graph), featureColumn, network.Config.VocabularySize).Fit(trainData);
        return new NetworkModel(scoring, new NetworkModelParameters(network, vocabulary, history), featureColumn, featureType);
    }

    /// <summary>A model around a network that was trained elsewhere (refined, or read from a model zip), with an
    /// empty history, scoring with components of <paramref name="mlContext"/>. <paramref name="rows"/> gives the schema of the featurized rows (no row is read).</summary>
    public static NetworkModel FromNetwork(MLContext mlContext, LanguageNetwork network, CharacterVocabulary? vocabulary, IDataView rows, string featureColumn = CharacterWindowColumns.CharacterIds) =>
        Create(mlContext, network, vocabulary, new TrainingHistory { Epochs = [], BestEpoch = 0, StopReason = StopReason.MaxEpochs }, featureColumn, rows);

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
