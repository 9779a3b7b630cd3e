using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// Exports a network pipeline that no longer holds its TorchSharp network (one loaded from a model zip):
/// ML.NET keeps the network's scoring graph (<see cref="OnnxInputForm.CharacterIdsRow"/>: <c>CharacterIds</c>
/// (N) -> Unsqueeze -> network -> Softmax -> Squeeze -> <c>Score</c> (V); zips made before networks read
/// ids have <c>Features</c> (N) input values instead) inside its ONNX transformer. The graph
/// is read back through <c>mlContext.Model.Save</c> (the zip entry <c>OnnxModel</c>: a 4-byte length, then
/// the bytes), its row Unsqueeze and Squeeze are dropped, and the network in between is embedded behind the
/// deployment encoding, with <c>PredictedLabel</c> the argmax of the logits as the direct export computes it.
/// </summary>
public static class RowGraphOnnxExporter
{
    /// <summary>Prefix of every name taken from the row graph.</summary>
    public const string EmbeddedPrefix = "row.";

    /// <summary>Builds the model.</summary>
    /// <param name="fittedPipeline">The fitted pipeline: the featurizer, then the network's ML.NET scoring chain.</param>
    /// <param name="vocabulary">The vocabulary the pipeline was trained with.</param>
    /// <param name="windowSize">Context characters per window.</param>
    /// <param name="metadata">Further metadata properties (window kind, training summary...).</param>
    /// <exception cref="NotSupportedException">The pipeline holds no network scoring graph of this project.</exception>
    public static ModelProto Export(ITransformer fittedPipeline, CharacterVocabulary vocabulary, int windowSize,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fittedPipeline);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var parts = FeaturizedPipeline.Split(fittedPipeline, windowSize);
        ModelProto row = FindRowGraph(parts.ScoringChain())
            ?? throw new NotSupportedException(
                $"The pipeline's scoring part ({FeaturizedPipeline.Describe(parts.ScoringChain())}) holds no network scoring graph (an ONNX graph from CharacterIds or Features to Score).");
        return FromRowGraph(row, vocabulary, windowSize, metadata);
    }

    /// <summary>Whether the scoring part of a pipeline holds a network scoring graph.</summary>
    internal static bool HasRowGraph(FeaturizedPipeline parts) =>
        parts.ScoringLeaves().Any(leaf => leaf is Microsoft.ML.Transforms.Onnx.OnnxTransformer);

    /// <summary>Converts a row graph (as <see cref="NetworkOnnxExporter"/> writes the CharacterIdsRow form, or an older Features row graph) to the deployment form.</summary>
    public static ModelProto FromRowGraph(ModelProto row, CharacterVocabulary vocabulary, int windowSize, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(vocabulary);
        long opset = row.OpsetImport.FirstOrDefault(import => import.Domain.Length == 0)?.Version ?? 0;
        if (opset != OnnxGraphBuilder.Opset)
        {
            throw new NotSupportedException($"The scoring graph has opset {opset}; graphs of this project have {OnnxGraphBuilder.Opset}.");
        }
        GraphProto source = row.Graph.Clone();
        var initializers = source.Initializer.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        string input = source.Input.Select(value => value.Name).Single(name => !initializers.ContainsKey(name));
        NodeProto unsqueeze = source.Node.FirstOrDefault(node => node.OpType == "Unsqueeze" && node.Input[0] == input && IsAxisZero(node, initializers))
            ?? throw NotRowGraph($"no Unsqueeze of '{input}' on axis 0");
        NodeProto squeeze = source.Node.FirstOrDefault(node => node.OpType == "Squeeze" && node.Output[0] == OnnxNames.Score && IsAxisZero(node, initializers))
            ?? throw NotRowGraph($"no Squeeze on axis 0 writing '{OnnxNames.Score}'");
        string probabilities = squeeze.Input[0];
        NodeProto softmax = source.Node.FirstOrDefault(node => node.OpType == "Softmax" && node.Output[0] == probabilities)
            ?? throw NotRowGraph($"'{probabilities}' is not written by a Softmax");
        long width = source.Output.First(output => output.Name == OnnxNames.Score).Type?.TensorType?.Shape?.Dim.LastOrDefault()?.DimValue ?? 0;
        if (width != vocabulary.Count)
        {
            throw new NotSupportedException($"The scoring graph predicts {width} classes but the vocabulary has {vocabulary.Count}.");
        }
        source.Node.Remove(unsqueeze);
        source.Node.Remove(squeeze);

        var graph = new OnnxGraphBuilder(source.Name.Length > 0 ? source.Name : "network");
        bool readsIds = source.Input.Single(value => value.Name == input).Type?.TensorType?.ElemType == (int)DataType.Int64;
        string batchInput = readsIds
            ? CharacterIdsEncoding.EmitClampedIds(graph, vocabulary, windowSize)                          // (B, N) ids
            : CharacterIdsEncoding.Emit(graph, vocabulary, windowSize);                                   // (B, N) input values (older zips)
        Func<string, string> embedded = graph.Embed(source, EmbeddedPrefix,
            new Dictionary<string, string>(StringComparer.Ordinal) { [unsqueeze.Output[0]] = batchInput });
        graph.AddNode("Identity", [embedded(probabilities)], OnnxNames.Score);                           // (B, V)
        graph.AddNode("ArgMax", [embedded(softmax.Input[0])], OnnxNames.PredictedLabel,
            OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("keepdims", 0));                           // (B)
        graph.AddOutput(OnnxNames.Score, DataType.Float, OnnxNames.Batch, (long)vocabulary.Count);
        graph.AddOutput(OnnxNames.PredictedLabel, DataType.Int64, OnnxNames.Batch);
        OnnxGraphEdits.Prune(graph.Graph);

        var properties = new Dictionary<string, string>(OnnxModelFile.Metadata(row), StringComparer.Ordinal)
        {
            [OnnxNames.WindowSizeKey] = windowSize.ToString(CultureInfo.InvariantCulture),
            [OnnxNames.InputFormKey] = OnnxInputForm.CharacterIds.ToString(),
        };
        VocabularyMetadata.Add(properties, vocabulary);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }
        return graph.Build(properties);
    }

    // ML.NET's ONNX transformer saves its graph as the binary stream "OnnxModel": an int32 length, then the bytes.
    private static ModelProto? FindRowGraph(ITransformer scoring)
    {
        using var saved = new MemoryStream();
        new MLContext(seed: 0).Model.Save(scoring, inputSchema: null, saved);
        saved.Position = 0;
        using var zip = new ZipArchive(saved, ZipArchiveMode.Read);
        foreach (ZipArchiveEntry entry in zip.Entries.Where(entry => entry.Name == "OnnxModel"))
        {
            using var content = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(content);
            }
            byte[] bytes = content.ToArray();
            if (bytes.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != bytes.Length - 4)
            {
                continue;
            }
            ModelProto graph = OnnxModelFile.Parse(bytes[4..], entry.FullName);
            if (graph.Graph.Output.Any(output => output.Name == OnnxNames.Score))
            {
                return graph;
            }
        }
        return null;
    }

    private static bool IsAxisZero(NodeProto node, Dictionary<string, TensorProto> initializers) =>
        node.Input.Count == 2 && initializers.TryGetValue(node.Input[1], out TensorProto? axes)
        && axes.DataType == (int)DataType.Int64
        && (axes.RawData.IsEmpty ? axes.Int64Data.ToArray() : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(axes.RawData.Span).ToArray()) is [0];

    private static NotSupportedException NotRowGraph(string problem) =>
        new($"The scoring graph is not a network scoring graph of this project ({problem}).");
}
