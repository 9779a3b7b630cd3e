using LanguageInterpolation.Common.MlNet;
using System.Globalization;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using TorchSharp;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// The shared body of the network trainers: an ML.NET estimator that trains a TorchSharp network on the
/// <c>CharacterIds</c>/<c>Label</c> columns and returns a <see cref="NetworkModel"/> whose scoring path is the
/// network exported to ONNX and run by ML.NET's own <c>ApplyOnnxModel</c>.
/// </summary>
/// <remarks>
/// Why ONNX as the scoring path: ML.NET's trainer and transformer base classes are closed to third parties,
/// and a <c>CustomMapping</c> cannot carry weights into the model zip. ML.NET's ONNX transformer can: it
/// stores the graph's bytes in the zip, runs on CPU or GPU, and loads with plain <c>mlContext.Model.Load</c>.
/// So training uses TorchSharp, every prediction goes through one engine (the same graph users deploy), and
/// the exporter is exercised by every fitted model.
/// </remarks>
public abstract class NetworkTrainerBase : ITrainerEstimator<NetworkModel, NetworkModelParameters>
{
    private readonly IHostEnvironment _environment;
    private readonly MLContext _components;
    private readonly NetworkTrainerOptions _options;

    /// <summary>Creates the trainer in the caller's context: its log receives progress messages and its
    /// components build the scoring chain.</summary>
    private protected NetworkTrainerBase(MLContext mlContext, NetworkTrainerOptions options)
        : this(mlContext, mlContext, options)
    {
    }

    /// <summary>Creates the trainer from a catalog: progress goes to the caller's <paramref name="environment"/>,
    /// the scoring chain is built with <paramref name="components"/>.</summary>
    private protected NetworkTrainerBase(IHostEnvironment environment, MLContext components, NetworkTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(options);
        options.Training.ValidateForRun();
        _environment = environment;
        _components = components;
        _options = options;
    }

    /// <summary>What the trainer needs: no normalisation (it reads ids), no caching (rows are read once into
    /// tensors), and it uses validation data when given (plateau schedule, early stopping).</summary>
    public TrainerInfo Info { get; } = MlNetInternals.TrainerInfo(normalization: false, caching: false, supportValid: true);

    /// <summary>Trains on <paramref name="input"/>, validating on <see cref="NetworkTrainerOptions.ValidationData"/>.</summary>
    public NetworkModel Fit(IDataView input) => Fit(input, _options.ValidationData);

    /// <summary>Trains on <paramref name="trainData"/>, validating on <paramref name="validationData"/> when given.</summary>
    public NetworkModel Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        (int windowSize, int vocabularySize) = TrainingDataReader.Shape(trainData.Schema, _options.FeatureColumnName, _options.LabelColumnName);
        NetworkConfig config = _options.Architecture.WithShape(windowSize, vocabularySize);
        config.Validate();
        CharacterVocabulary? vocabulary = LabelVocabulary.From(trainData.Schema[_options.LabelColumnName]);
        using TrainingData train = TrainingDataReader.Read(trainData, _options.FeatureColumnName, _options.LabelColumnName, windowSize, vocabularySize, _options.Cancellation);
        using TrainingData? validation = validationData is null
            ? null
            : TrainingDataReader.Read(validationData, _options.FeatureColumnName, _options.LabelColumnName, windowSize, vocabularySize, _options.Cancellation);
        using var generator = new torch.Generator(unchecked((ulong)_options.Training.Seed));
        LanguageNetwork network = _options.InitialNetwork is { } initial ? NetworkContinuation.CopyFor(initial, config) : config.Build(generator);
        using IChannel channel = _environment.Start(config.NetworkType);
        channel.Info(MessageSensitivity.None, $"Training {config.NetworkType} ({network.ParameterCount:N0} parameters) on {train.Rows:N0} windows{(validation is null ? "" : $", validating on {validation.Rows:N0}")}.");
        var progress = new ChannelProgress(channel, _options.Progress, _options.Training.MaxEpochs);
        TrainingHistory history = new TrainingLoop(network, _options.Training, progress).Run(train, validation, _options.Cancellation);
        network.to(torch.CPU);
        network.eval();
        return NetworkModel.Create(_components, network, vocabulary, history, _options.FeatureColumnName, trainData);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShape.Column label = inputSchema.FirstOrDefault(column => column.Name == _options.LabelColumnName);
        if (label.Name is null || !label.IsKey)
        {
            throw new ArgumentException($"Column '{_options.LabelColumnName}': expected a key type over the vocabulary.");
        }
        SchemaShape.Column features = inputSchema.FirstOrDefault(column => column.Name == _options.FeatureColumnName);
        if (features.Name is null || features.Kind != SchemaShape.Column.VectorKind.Vector
            || (features.ItemType != NumberDataViewType.Int64 && features.ItemType != NumberDataViewType.Single))
        {
            throw new ArgumentException($"Column '{_options.FeatureColumnName}': expected a known-size vector of Int64 (or Single) character ids.");
        }
        // The scoring chain's schema shape does not depend on the weights or sizes (a shape carries neither
        // vector sizes nor key counts): describe it with a one-input, two-class stand-in graph.
        const int standInClasses = 2;
        var itemType = features.ItemType == NumberDataViewType.Single ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Int64;
        byte[] standIn = OnnxModelFile.ToBytes(StandInGraph(_options.FeatureColumnName, itemType, standInClasses));
        return NetworkScoring.Create(_components.RegisterLanguageInterpolation(), standIn, _options.FeatureColumnName, standInClasses)
            .GetOutputSchema(inputSchema);
    }

    private static ModelProto StandInGraph(string featureColumn, TensorProto.Types.DataType itemType, int classes)
    {
        var graph = new OnnxGraphBuilder("stand_in");
        string input = graph.AddInput(featureColumn, itemType, 1L);
        string asFloat = graph.AddNode("Cast", [input], null, OnnxAttributes.Int("to", (long)TensorProto.Types.DataType.Float));
        graph.AddNode("Expand", [graph.AddNode("ReduceSum", [asFloat], null, OnnxAttributes.Int("keepdims", 1)), graph.Int64Constant("classes", classes)], OnnxNames.Score);
        graph.AddOutput(OnnxNames.Score, TensorProto.Types.DataType.Float, (long)classes);
        return graph.Build();
    }

    /// <summary>Sends epoch reports to the ML.NET channel and to the caller's progress.</summary>
    private sealed class ChannelProgress(IChannel channel, IProgress<EpochReport>? inner, int maxEpochs) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            channel.Info(MessageSensitivity.None, Describe(value, maxEpochs));
            inner?.Report(value);
        }
    }

    /// <summary>One line describing an epoch.</summary>
    public static string Describe(EpochReport report, int maxEpochs)
    {
        ArgumentNullException.ThrowIfNull(report);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {report.Epoch}/{maxEpochs}: train loss {report.TrainLoss:F4} acc {report.TrainAccuracy:F4}");
        if (report.ValidationLoss is double loss)
        {
            line += string.Create(CultureInfo.InvariantCulture, $", validation loss {loss:F4} acc {report.ValidationAccuracy:F4} {report.ValidationBitsPerCharacter:F3} bits/char");
        }
        return line + string.Create(CultureInfo.InvariantCulture, $", lr {report.LearningRate:G3}, {report.SamplesPerSecond:F0} samples/s, {report.TrainSeconds:F1} s");
    }
}
